package io.jenkins.plugins.slurmevaluate.script;

import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs a rendered run.sub as job 1000 on a pretend cluster: sbatch, scancel, sacct, scontrol, srun, curl, sleep, pip
 * and nemo-evaluator are executables in a directory put first on PATH. srun records each step's argv and environment,
 * writes to its --output file, stands a server or haproxy up as a sleeping process, and runs the evaluation step
 * for real with its container paths (--container-mounts targets) rewritten to the host paths, as Pyxis would
 * bind-mount them. The real Slurm end-to-end test is ChainOnTestbedIT.
 */
final class FakeCluster {

    /** What one srun step received. */
    record Step(long pid, List<String> argv, Map<String, String> env) {
        String option(String name) {
            return argv.stream().filter(a -> a.startsWith(name + "=")).map(a -> a.substring(name.length() + 1))
                    .findFirst().orElse(null);
        }

        boolean isContainer() {
            return option("--container-image") != null;
        }
    }

    private static final String SRUN = """
            #!/bin/bash
            set -u
            rec="$STUB/srun.$$"
            printf '%s\\0' "$@" >"$rec.argv"
            env -0 >"$rec.env"
            output='' mounts='' image='' nodelist=''
            while [[ $# -gt 0 && $1 == --* ]]; do
                case $1 in
                --output=*) output=${1#--output=} ;;
                --container-mounts=*) mounts=${1#--container-mounts=} ;;
                --container-image=*) image=${1#--container-image=} ;;
                --nodelist=*) nodelist=${1#--nodelist=} ;;
                esac
                shift
            done
            if [[ -z $image ]]; then  # hostname --ip-address, on the host
                echo "10.0.0.${nodelist#node} 192.168.99.${nodelist#node}"
                exit 0
            fi
            if [[ -n $output ]]; then
                output=${output//"%A"/$SLURM_JOB_ID}
                output=${output//"%t"/0}
                exec >>"${output//"%%"/%}" 2>&1
            fi
            if [[ ${4:-} != evaluation ]]; then  # a server or haproxy: up until killed
                if [[ -n ${STUB_SERVER_FAILS:-} ]]; then echo "server failed to start: CUDA error"; exit 1; fi
                exec /bin/sleep 300
            fi
            args=("$@")
            IFS=, read -r -a list <<<"$mounts"
            for m in "${list[@]}"; do
                IFS=: read -r src dst _ <<<"$m"
                for i in "${!args[@]}"; do
                    if [[ ${args[i]} == "$dst" || ${args[i]} == "$dst"/* ]]; then args[i]=$src${args[i]#"$dst"}; fi
                done
            done
            exec "${args[@]}"
            """;

    private static final String EVALUATOR = """
            #!/bin/bash
            cp run_config.yaml "$STUB/run_config.seen"
            printf '%s\\0' "$@" >"$STUB/evaluator.argv"
            case ${STUB_EVAL:-ok} in
            ok) echo "evaluation done"; exit 0 ;;
            fail) echo "evaluation failed"; exit 3 ;;
            interrupted) touch "$STUB_INTERRUPTED"; exit 0 ;;
            term)
                touch "$STUB_INTERRUPTED"
                kill -TERM "$(cat "$STUB/batch.pid")"
                exit 143
                ;;
            esac
            """;

    private final Path stub;
    private final Path bin;

    FakeCluster(Path dir) throws IOException {
        stub = Files.createDirectories(dir.resolve("stub"));
        bin = Files.createDirectories(dir.resolve("bin"));
        tool("sbatch", "echo \"sbatch $*\" >>\"$STUB/calls\"\necho 2001");
        tool("scancel", "echo \"scancel $*\" >>\"$STUB/calls\"");
        tool("sacct", "echo \"sacct $*\" >>\"$STUB/calls\"");
        tool("scontrol", "if [[ $1 == show && $2 == hostnames ]]; then for ((i = 1; i <= STUB_NODES; i++)); do"
                + " echo \"node$i\"; done; fi");
        tool("curl", "echo \"${STUB_CURL:-200}\"");
        tool("sleep", "if [[ -n ${STUB_REAL_SLEEP:-} ]]; then exec /bin/sleep \"$@\"; fi");
        tool("pip", "echo \"pip $*\" >>\"$STUB/calls\"");
        tool("srun", SRUN.substring(SRUN.indexOf('\n') + 1));
        tool("nemo-evaluator", EVALUATOR.substring(EVALUATOR.indexOf('\n') + 1));
    }

    private void tool(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/bash\n" + body + "\n");
        file.toFile().setExecutable(true);
    }

    /** Runs the script's first link as job 1000; {@code env} adds STUB_* switches. */
    Bash.Result runFirstLink(ScriptSpec spec, RenderedTask task, Map<String, String> env) throws IOException {
        for (RenderedFile f : task.files()) {
            Files.createDirectories(Path.of(f.remotePath()).getParent());
            Files.write(Path.of(f.remotePath()), f.content());
        }
        Files.createDirectories(Path.of(spec.layout().logsDir()));
        Files.createDirectories(Path.of(spec.layout().artifactsDir()));
        Map<String, String> all = new LinkedHashMap<>();
        all.put("PATH", bin + ":" + System.getenv("PATH"));
        all.put("STUB", stub.toString());
        all.put("STUB_NODES", Integer.toString(spec.header().nodes()));
        all.put("STUB_INTERRUPTED", spec.layout().interruptedMarker());
        all.put("SLURM_JOB_ID", "1000");
        all.put("SLURM_JOB_NODELIST", "node[1-" + spec.header().nodes() + "]");
        all.putAll(env);
        return Bash.run(List.of("bash", "-c", "echo $$ >\"$STUB/batch.pid\"; exec bash \"$0\"", spec.layout().runScript()),
                all, stub, 60);
    }

    List<Step> steps() throws IOException {
        List<Step> steps = new ArrayList<>();
        try (Stream<Path> files = Files.list(stub)) {
            for (Path argv : files.filter(p -> p.getFileName().toString().matches("srun\\.[0-9]+\\.argv")).sorted().toList()) {
                String base = argv.toString().substring(0, argv.toString().length() - ".argv".length());
                long pid = Long.parseLong(base.substring(base.lastIndexOf('.') + 1));
                Map<String, String> env = new LinkedHashMap<>();
                for (String entry : nulSeparated(Path.of(base + ".env"))) {
                    int eq = entry.indexOf('=');
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
                steps.add(new Step(pid, nulSeparated(argv), env));
            }
        }
        return steps;
    }

    /** The batch shell's pid, once the link has started (for signalling it as Slurm would). */
    long batchPid() throws IOException {
        return Long.parseLong(Files.readString(stub.resolve("batch.pid")).strip());
    }

    String calls() throws IOException {
        Path calls = stub.resolve("calls");
        return Files.exists(calls) ? Files.readString(calls) : "";
    }

    String seenRunConfig() throws IOException {
        return Files.readString(stub.resolve("run_config.seen"));
    }

    private static List<String> nulSeparated(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(List.of(text.split("\0", -1)));
        out.remove(out.size() - 1);
        return out;
    }
}
