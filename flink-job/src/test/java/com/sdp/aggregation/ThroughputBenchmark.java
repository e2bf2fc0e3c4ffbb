package com.sdp.aggregation;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Events per second through the whole job (parse, both keyed stages, JSON out) on a local
 * MiniCluster at parallelism 1 and 2, with the job's own watermarks and heap state. Run it with
 * {@code mvn -B -q -Pbench test-compile exec:exec}; results go to target/bench-throughput.json.
 */
public final class ThroughputBenchmark {
    /** Enough for the JIT to compile the hot paths before anything is measured. */
    private static final int WARM_UP_EVENTS = 500_000;

    private ThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path output = Paths.get(args.length > 0 ? args[0] : "target/bench-throughput.json");
        int events = Integer.getInteger("bench.events", 2_000_000);
        List<ReplayItem> items = BenchmarkTraffic.generate(events, 200, 7);
        String warmUp = ReplayItem.register(items.subList(0, Math.min(WARM_UP_EVENTS, events)));
        String measured = ReplayItem.register(items);

        run(warmUp, 1);
        double p1 = events / run(measured, 1);
        double p2 = events / run(measured, 2);

        String json = String.format(Locale.ROOT,
                "{\"parallelism1_events_per_s\":%.0f,\"parallelism2_events_per_s\":%.0f,\"events\":%d,"
                        + "\"cores\":%d,\"java\":\"%s\",\"gc\":\"%s\"}%n",
                p1,
                p2,
                events,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                collectors());
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.write(output, json.getBytes(StandardCharsets.UTF_8));
        System.out.printf(Locale.ROOT, "parallelism 1: %,.0f events/s%nparallelism 2: %,.0f events/s%n", p1, p2);
        System.out.println("wrote " + output.toAbsolutePath());
    }

    /** Seconds the job ran, from scheduling to the last record. */
    private static double run(String itemsKey, int parallelism) throws Exception {
        // The previous run's state is garbage now; collecting it here keeps it out of this run's time.
        System.gc();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism);
        AggregationJob.build(env, settings(), new BenchmarkIo(itemsKey));
        JobExecutionResult result = env.execute("throughput, parallelism " + parallelism);
        return result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
    }

    private static String collectors() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
    }

    /** AWS defaults, except that a replay running flat out must never look idle and jump to the wall clock. */
    private static AggregationSettings settings() {
        Properties properties = new Properties();
        properties.setProperty("idleness.seconds", "86400");
        return AggregationSettings.fromProperties(properties);
    }

    private static final class BenchmarkIo implements StreamIo {
        private final String itemsKey;

        BenchmarkIo(String itemsKey) {
            this.itemsKey = itemsKey;
        }

        @Override
        public DataStream<BcnsInput> bcns(StreamExecutionEnvironment env, WatermarkStrategy<BcnsInput> watermarks) {
            ReplaySource source = new ReplaySource(itemsKey, Integer.MAX_VALUE);
            return env.fromSource(source, watermarks, "replay", TypeInformation.of(BcnsInput.class));
        }

        @Override
        public Sink<JoinedImpression> impressions() {
            return new CountingSink<>();
        }

        @Override
        public Sink<JoinedClick> clicks() {
            return new CountingSink<>();
        }

        @Override
        public Sink<Aggregate> aggregates() {
            return new CountingSink<>();
        }

        @Override
        public Sink<FailedEvent> failedEvents() {
            return new CountingSink<>();
        }

        @Override
        public Sink<DroppedRecord> duplicates() {
            return new CountingSink<>();
        }
    }
}
