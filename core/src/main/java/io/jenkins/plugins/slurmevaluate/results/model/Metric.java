package io.jenkins.plugins.slurmevaluate.results.model;

import java.util.List;
import java.util.Map;

/**
 * One metric of a task or group ({@code metrics.<name>}) with its scores in file order. lm-eval's metric {@code acc_norm}
 * has one score {@code acc_norm}; a filtered metric has one score per filter ({@code strict-match}, {@code flexible-extract}).
 */
public record Metric(String name, Map<String, Score> scores) {

    public Metric {
        Names.check("metric", name);
        scores = Names.copyKeyed(scores, Score::name, "score");
    }

    public static Metric of(String name, Score... scores) {
        return new Metric(name, Names.index(List.of(scores), Score::name));
    }
}
