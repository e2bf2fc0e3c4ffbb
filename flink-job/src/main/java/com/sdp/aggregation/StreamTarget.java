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
        String arn = group.getProperty(RuntimeProperties.STREAM_ARN, "").trim();
        // arn:partition:kinesis:region:account:stream/name
        String[] parts = arn.split(":", 6);
        boolean isStreamArn = parts.length == 6
                && parts[0].equals("arn")
                && parts[2].equals("kinesis")
                && parts[5].startsWith("stream/");
        if (!isStreamArn) {
            throw JobConfig.invalid(groupName + "." + RuntimeProperties.STREAM_ARN, "a Kinesis stream ARN", arn);
        }
        return new StreamTarget(arn, group.getProperty(RuntimeProperties.AWS_REGION, parts[3]));
    }
}
