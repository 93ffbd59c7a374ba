package io.jenkins.plugins.slurmevaluate.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/** The JSON form of a {@link RunRecord}: readable, stable field names, ISO-8601 instants. */
public final class RunRecordJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private RunRecordJson() {}

    public static byte[] write(RunRecord record) throws IOException {
        return MAPPER.writeValueAsBytes(record);
    }

    public static RunRecord read(byte[] json) throws IOException {
        RunRecord record = MAPPER.readValue(json, RunRecord.class);
        if (record.schema() > RunRecord.SCHEMA) {
            throw new IOException("run record format " + record.schema() + " is newer than this version of slurm-evaluate"
                    + " understands (" + RunRecord.SCHEMA + "); upgrade slurm-evaluate");
        }
        return record;
    }
}
