package com.sdp.aggregation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Writes an output record as the JSON the TypeScript core emits (field names from the POJOs' annotations). */
public final class JsonSerialization<T> implements SerializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public byte[] serialize(T element) {
        try {
            return MAPPER.writeValueAsBytes(element);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + element.getClass().getSimpleName(), e);
        }
    }
}
