/**
 * Environment variables of a run: the {@code host:}/{@code lit:}/{@code runtime:} grammar (also with a leading
 * {@code $}), the groups and their precedence (reference c.2), and the {@link
 * io.jenkins.plugins.slurmevaluate.env.SecretSource} port through which {@code host:} values are read.
 *
 * <p>Redaction: a resolved value is a {@link io.jenkins.plugins.slurmevaluate.env.SecretValue}, whose
 * {@code toString()} is {@code ***}. A dry run shows {@code host:} values as {@code ***} only, not the launcher's
 * {@code ***} plus last four characters (c.6): the tail of a short token helps to guess it and to correlate logs.
 * {@code lit:} values show in clear: they are written in the config already.
 */
package io.jenkins.plugins.slurmevaluate.env;
