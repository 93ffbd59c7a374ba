/**
 * Gates model releases on evaluation scores: reads nemo-evaluator's {@code artifacts/results.yml}
 * ({@link io.jenkins.plugins.slurmevaluate.results.read.ResultsReader}), parses gates written by release engineers
 * ({@link io.jenkins.plugins.slurmevaluate.results.gate.Gates}), judges them ({@link Verdicts}) and reports the outcome
 * as a JSON summary and JUnit XML ({@link GateReport}). Exact, explainable, and closed on missing data.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>Addressing.</b> A gate path is split by matching it against the names the results have (names contain dots
 *       and dashes). A task or group answers to its own name and to {@code <task dir>.<name>}; the main node of a task
 *       directory also to the directory name ({@code hellaswag.0}), the config task name
 *       ({@code lm-evaluation-harness.hellaswag}) and {@code config.type}. A path that fits two scores is a FAIL that
 *       lists the full forms; when the same task ran twice, the directory name tells the runs apart.</li>
 *   <li><b>Score omitted.</b> The score named like the metric, else the only score, else a FAIL that lists the
 *       scores. lm-eval's filtered metrics ({@code exact_match__strict-match}) also answer to
 *       {@code exact_match.strict-match}.</li>
 *   <li><b>Fields.</b> {@code .value} (default) or {@code .stderr}. Baseline and strict checks apply to values only.</li>
 *   <li><b>Thresholds.</b> Plain decimals. Percent forms ({@code 80%}) are refused at parse time: harnesses write
 *       fractions or percentages, and guessing the scale could pass a bad model. {@code ==} and {@code !=} are exact.</li>
 *   <li><b>NaN.</b> Read as written ({@code .nan}, {@code "NaN"}, {@code inf}); a gate on a non-finite value FAILs. A
 *       NaN, null or {@code "N/A"} stderr means "no stderr".</li>
 *   <li><b>Fail closed.</b> A missing, unreadable or malformed results.yml makes its task a FAIL (one check per task
 *       directory, even if no gate names it); a gate whose score is missing FAILs with the reason; an invocation without
 *       tasks FAILs. A baseline gate ({@code >= baseline}) FAILs when the baseline lacks the score.</li>
 *   <li><b>Defaults are predictable.</b> A threshold gate is a plain comparison. A baseline check FAILs only a drop
 *       beyond {@code maxRegression} (default 0) whose whole interval (drop ± z·√(se_c² + se_b²), confidence 95%) lies
 *       beyond it; a drop beyond it that could be noise is INCONCLUSIVE; without stderrs a drop beyond it FAILs.
 *       Differences are computed on the decimal forms, so 0.81 − 0.80 equals an allowed 0.01.</li>
 *   <li><b>Strict mode</b> (opt-in): a verdict the noise could flip becomes INCONCLUSIVE (threshold inside value ±
 *       z·stderr, a PASS without stderr, a drop interval reaching past the allowance). It never turns a FAIL into PASS.</li>
 *   <li><b>INCONCLUSIVE in JUnit</b> is {@code <skipped message="INCONCLUSIVE: …">}: never shown as passed, not counted
 *       as a failure. The build result comes from the overall verdict (PASS → SUCCESS, FAIL → FAILURE, INCONCLUSIVE →
 *       UNSTABLE).</li>
 * </ul>
 */
package io.jenkins.plugins.slurmevaluate.results;
