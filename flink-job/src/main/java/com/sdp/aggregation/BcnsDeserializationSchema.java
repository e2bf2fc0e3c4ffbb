package com.sdp.aggregation;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Decodes a {@code bcns} record; never throws, so one bad record cannot fail the job. */
public final class BcnsDeserializationSchema implements DeserializationSchema<BcnsInput> {
    private static final long serialVersionUID = 1L;

    @Override
    public BcnsInput deserialize(byte[] message) {
        return BcnsRecordParser.parse(new String(message, StandardCharsets.UTF_8));
    }

    @Override
    public boolean isEndOfStream(BcnsInput nextElement) {
        return false;
    }

    @Override
    public TypeInformation<BcnsInput> getProducedType() {
        return TypeInformation.of(BcnsInput.class);
    }
}
