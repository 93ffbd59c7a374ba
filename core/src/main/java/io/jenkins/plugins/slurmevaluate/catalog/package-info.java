/**
 * Task name → harness → container image → endpoint types, from the bundled catalog (reference b.18). No
 * registry is ever contacted (P-32): a task with a {@code container:} that the catalog does not list runs as an
 * unlisted task, and a bare name that several harnesses have is an error even with a container.
 */
package io.jenkins.plugins.slurmevaluate.catalog;
