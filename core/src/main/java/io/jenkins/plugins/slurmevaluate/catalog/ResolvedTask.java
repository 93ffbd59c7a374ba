package io.jenkins.plugins.slurmevaluate.catalog;

import java.util.List;

/**
 * What a task name resolved to (reference b.18).
 *
 * @param name                   the name as written in the config
 * @param harness                the harness that runs it, or null for an unlisted task without a harness prefix
 * @param task                   the task name without the harness prefix
 * @param image                  the container image: the task's {@code container:} or the harness's image
 * @param endpointType           the endpoint type to call: the task's {@code endpoint_type:} or the first supported
 * @param supportedEndpointTypes what the catalog lists for the task (empty for an unlisted task)
 * @param unlisted               true if the catalog does not know the task; it runs with the given container, but
 *                               nothing checked that the container has it
 */
public record ResolvedTask(String name, String harness, String task, String image, String endpointType,
        List<String> supportedEndpointTypes, boolean unlisted) {

    public ResolvedTask {
        supportedEndpointTypes = List.copyOf(supportedEndpointTypes);
    }

    /** {@code harness.task}, or just the task when the harness is not known. */
    public String qualifiedName() {
        return harness == null ? task : harness + "." + task;
    }
}
