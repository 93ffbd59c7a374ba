package io.jenkins.plugins.slurmevaluate.jenkins;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** How the plugin runs inside Jenkins. */
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
}
