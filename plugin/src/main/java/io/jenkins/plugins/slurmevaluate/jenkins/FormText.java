package io.jenkins.plugins.slurmevaluate.jenkins;

import hudson.Util;
import hudson.model.Descriptor.FormException;
import hudson.util.FormValidation;
import io.jenkins.plugins.slurmevaluate.results.gate.Gates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.json.JSONObject;

/** The text forms of list and map options in web forms: one item per line, {@code NAME=credentialsId} per line. */
final class FormText {

    private FormText() {}

    /** The non-blank lines, stripped. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : Util.fixNull(text).split("\\r?\\n")) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        return out;
    }

    /** {@code NAME=credentialsId} lines as a map, in order. @throws IllegalArgumentException naming a bad line */
    static Map<String, String> bindings(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines(text)) {
            int eq = line.indexOf('=');
            if (eq <= 0 || eq == line.length() - 1) {
                throw new IllegalArgumentException("'" + line + "' is not NAME=credentialsId");
            }
            out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return out;
    }

    /** Form check of a {@code NAME=credentialsId} text area. */
    static FormValidation checkBindings(String text) {
        try {
            bindings(text);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** Form check of a gates text area: every gate parses. */
    static FormValidation checkGates(String text) {
        try {
            Gates.parse(lines(text));
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    private static final List<String> TEXT_AREAS = List.of("overrides", "tasks", "gates", "secrets");

    /** The step's form without the text areas, which data binding cannot turn into lists and maps. */
    static JSONObject withoutTextAreas(JSONObject form) {
        JSONObject copy = JSONObject.fromObject(form);
        TEXT_AREAS.forEach(copy::remove);
        return copy;
    }

    /** Sets the step's lists and map from the form's text areas. */
    static void applyTextAreas(JSONObject form, SlurmEvaluateStep step) throws FormException {
        step.setOverrides(lines(form.optString("overrides")));
        step.setTasks(lines(form.optString("tasks")));
        step.setGates(lines(form.optString("gates")));
        try {
            step.setSecrets(bindings(form.optString("secrets")));
        } catch (IllegalArgumentException e) {
            throw new FormException(e.getMessage(), "secrets");
        }
    }
}
