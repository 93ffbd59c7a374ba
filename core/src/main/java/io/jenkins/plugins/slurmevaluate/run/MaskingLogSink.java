package io.jenkins.plugins.slurmevaluate.run;

/** Masks every line before it reaches the wrapped sink. */
final class MaskingLogSink implements LogSink {

    private final LogSink delegate;
    private final SecretMasker masker;

    MaskingLogSink(LogSink delegate, SecretMasker masker) {
        this.delegate = delegate;
        this.masker = masker;
    }

    @Override
    public void remoteLine(String task, String source, String text) {
        delegate.remoteLine(task, source, masker.mask(text));
    }

    @Override
    public void info(String text) {
        delegate.info(masker.mask(text));
    }

    @Override
    public void warn(String text) {
        delegate.warn(masker.mask(text));
    }

    @Override
    public String mask(String text) {
        return delegate.mask(masker.mask(text));
    }
}
