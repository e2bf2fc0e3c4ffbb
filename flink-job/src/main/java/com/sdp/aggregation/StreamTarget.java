package com.sdp.aggregation;

import java.util.Map;
import java.util.Properties;

/** One Kinesis stream the job reads or writes: its ARN and region (by default the ARN's). */
public final class StreamTarget {
    public final String arn;
    public final String region;

    private StreamTarget(String arn, String region) {
        this.arn = arn;
        this.region = region;
    }

    static StreamTarget required(Map<String, Properties> groups, String groupName) {
        Properties group = JobConfig.group(groups, groupName);
        String arn = group.getProperty("stream.arn", "").trim();
        // arn:partition:kinesis:region:account:stream/name
        String[] parts = arn.split(":", 6);
        boolean isStreamArn = parts.length == 6
                && parts[0].equals("arn")
                && parts[2].equals("kinesis")
                && parts[5].startsWith("stream/");
        if (!isStreamArn) {
            throw new IllegalArgumentException(
                    groupName + ".stream.arn must be a Kinesis stream ARN, got '" + arn + "'");
        }
        return new StreamTarget(arn, group.getProperty("aws.region", parts[3]));
    }
}
