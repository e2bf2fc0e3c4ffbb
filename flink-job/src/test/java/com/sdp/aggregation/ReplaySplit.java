package com.sdp.aggregation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Every {@code stride}-th item from {@code first}: one split per source subtask, so each subtask
 * reads items in their order and, with increasing timestamps, sees them increase. {@code next} is
 * the checkpointed position.
 */
final class ReplaySplit implements SourceSplit {
    final int first;
    final int stride;
    int next;

    ReplaySplit(int first, int stride, int next) {
        this.first = first;
        this.stride = stride;
        this.next = next;
    }

    static List<ReplaySplit> all(int parallelism) {
        List<ReplaySplit> splits = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) splits.add(new ReplaySplit(i, parallelism, i));
        return splits;
    }

    @Override
    public String splitId() {
        return String.valueOf(first);
    }

    static final SimpleVersionedSerializer<ReplaySplit> SERIALIZER = new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(ReplaySplit split) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(12);
            out.writeInt(split.first);
            out.writeInt(split.stride);
            out.writeInt(split.next);
            return out.getCopyOfBuffer();
        }

        @Override
        public ReplaySplit deserialize(int version, byte[] serialized) throws IOException {
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            return new ReplaySplit(in.readInt(), in.readInt(), in.readInt());
        }
    };

    /** The enumerator's checkpoint: the splits not yet handed to a reader. */
    static final SimpleVersionedSerializer<List<ReplaySplit>> LIST_SERIALIZER = new SimpleVersionedSerializer<>() {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<ReplaySplit> splits) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(4 + 12 * splits.size());
            out.writeInt(splits.size());
            for (ReplaySplit split : splits) out.write(SERIALIZER.serialize(split));
            return out.getCopyOfBuffer();
        }

        @Override
        public List<ReplaySplit> deserialize(int version, byte[] serialized) throws IOException {
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            List<ReplaySplit> splits = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                splits.add(new ReplaySplit(in.readInt(), in.readInt(), in.readInt()));
            }
            return splits;
        }
    };
}
