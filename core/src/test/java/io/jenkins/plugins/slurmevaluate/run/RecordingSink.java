package io.jenkins.plugins.slurmevaluate.run;

import java.util.ArrayList;
import java.util.List;

/** Keeps everything a LogSink was given, for assertions. */
class RecordingSink implements LogSink {

    final List<String> remote = new ArrayList<>();
    final List<String> info = new ArrayList<>();
    final List<String> warnings = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public synchronized void remoteLine(String task, String source, String text) {
        remote.add(task + " " + source + " " + text);
    }

    @Override
    public synchronized void info(String text) {
        info.add(text);
    }

    @Override
    public synchronized void warn(String text) {
        warnings.add(text);
    }

    synchronized List<String> linesOf(String task, String source) {
        String prefix = task + " " + source + " ";
        return remote.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }
}
