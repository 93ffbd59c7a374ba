/**
 * Loads NeMo Evaluator launcher configs (Hydra/OmegaConf dialect) without Hydra, and reports every mistake with
 * {@code file:line:column} and key path. Entry points: {@link io.jenkins.plugins.slurmevaluate.config.ConfigLoader}
 * for the typed model alone, {@link io.jenkins.plugins.slurmevaluate.config.plan.Planner} for a runnable plan.
 *
 * <p>Pipeline: safe YAML read ({@code YamlReader}) → {@code defaults:} composition from the bundled groups
 * ({@code Composer}) → {@code -o} overrides ({@code OverrideParser}, {@code OverrideApplier}) → every {@code ???}
 * reported ({@code MissingMarkers}) → interpolation ({@code Interpolator}) → typed model ({@code ModelBuilder}
 * and the section builders). Each step records problems and goes on, so one run lists them all.
 *
 * <p>Decisions where the launcher was silent or wrong:
 * <ul>
 *   <li>P-21: a group placed with {@code group/option@package} has its {@code ${group.x}} and
 *       {@code ${select_not_null:group.x,...}} interpolations rebased onto the package, so an auxiliary judge's
 *       vLLM command uses the judge's model and port. Other absolute references are left alone.</li>
 *   <li>{@code _self_} is always merged last, wherever it is written, as the launcher does.</li>
 *   <li>Deployment sections accept the keys the executor reads, the keys of the bundled groups, and any key some
 *       interpolation refers to; other keys have no effect and are reported with the closest name.</li>
 *   <li>Overrides follow Hydra: {@code a=b} needs the key, {@code +a=b} a new key, {@code ++a=b} either. Task-name
 *       sugar may create keys inside the task, as the launcher's {@code OmegaConf.update} does. Values are read
 *       with Hydra's primitive grammar, so {@code 4:00:00} stays a string; keys ending in {@code walltime} always
 *       get a string.</li>
 *   <li>Times: an unquoted base-60 integer is refused with the quoted spelling; a bare integer is Slurm minutes,
 *       kept as text; {@code UNLIMITED}/{@code INFINITE} are accepted for {@code walltime} but not for
 *       {@code max_walltime} (write null); zero is refused (Slurm reads it as no limit).</li>
 *   <li>{@code env_vars} values are never interpolated, so {@code ${oc.env:...}} there reaches the env grammar
 *       check and is refused; any other {@code ${} there is refused too.</li>
 *   <li>Mount sources, {@code output_dir}, checkpoint and cache paths must be absolute (P-2); mount paths may not
 *       contain ',' (the --container-mounts separator).</li>
 *   <li>{@code sbatch_extra_flags} may not set what the header owns ({@code time}, {@code account}, ...), and no
 *       header value may span lines.</li>
 * </ul>
 */
package io.jenkins.plugins.slurmevaluate.config;
