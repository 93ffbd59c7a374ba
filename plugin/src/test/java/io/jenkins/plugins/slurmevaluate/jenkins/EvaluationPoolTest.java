package io.jenkins.plugins.slurmevaluate.jenkins;

import static org.junit.jupiter.api.Assertions.assertFalse;

import groovy.lang.GroovyClassLoader;
import hudson.model.Result;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The plugin's threads, as Jenkins sees them. */
@WithJenkins
class EvaluationPoolTest {

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
