package io.jenkins.plugins.slurmevaluate.jenkins;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import groovy.lang.GroovyClassLoader;
import hudson.model.Result;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The plugin's threads, as Jenkins sees them. */
@WithJenkins
class EvaluationPoolTest {

    /**
     * Jenkins' class filter lets any class from a {@code target/classes} directory through, so a suite run against
     * core's classes instead of its jar would hide what the filter refuses in build.xml (review finding 1).
     */
    @Test
    void theSuiteRunsWithTheEngineAsTheJarThePluginBundles(JenkinsRule r) {
        String where = String.valueOf(io.jenkins.plugins.slurmevaluate.durable.EvaluationResult.class.getProtectionDomain()
                .getCodeSource().getLocation());
        assertTrue(where.endsWith(".jar"), "core comes from " + where + "; run `verify` (core packaged as a jar), not `test`");
    }

    @Test
    void poolThreadsDoNotHoldOnToABuildsGroovyClassLoader(JenkinsRule r) throws Exception {
        SlurmEvaluateStepTest.testbedCluster();
        // the step hands its first work to the pool from the CPS VM thread, whose context loader is the build's
        SlurmEvaluateStepTest.run(r, SlurmEvaluateStepTest.inNode("slurmEvaluate cluster: 'tb', config: 'eval.yaml', "
                + "tasks: ['gsm8k'], dryRun: true"), Result.SUCCESS);
        List<Thread> pool = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("slurm-evaluate")).toList();
        assertFalse(pool.isEmpty(), "the dry run ran on the pool");
        for (Thread t : pool) {
            for (ClassLoader l = t.getContextClassLoader(); l != null; l = l.getParent()) {
                assertFalse(l instanceof GroovyClassLoader, t.getName() + " holds " + l);
            }
        }
    }
}
