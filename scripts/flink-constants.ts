import { AGGREGATION_PROPERTIES, BCNS_PROPERTIES, FLINK_PROPERTY_GROUPS } from '../lambda/domain/settings/flink.ts';
import type { Setting } from '../lambda/domain/settings/setting.ts';

/** Where the job's generated constants live. */
export const RUNTIME_PROPERTIES_JAVA = 'flink-job/src/main/java/com/sdp/aggregation/RuntimeProperties.java';

const constant = (name: string) =>
  name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/\./g, '_')
    .toUpperCase();
const quote = (text: string) => JSON.stringify(text);

/** RuntimeProperties.java: the names, defaults and ranges of the job's properties, from flink.ts. */
export function runtimePropertiesJava(): string {
  const groups = FLINK_PROPERTY_GROUPS.map(
    (group) => `    static final String ${constant(group.id)} = ${quote(group.id)};`,
  );
  const seconds = Object.entries(AGGREGATION_PROPERTIES).map(
    ([key, property]) =>
      `    static final Seconds ${constant(key)} =\n` +
      `            new Seconds(AGGREGATION, ${quote(property.name)}, ${property.default}, ${property.min}, ${property.max});`,
  );
  const known = FLINK_PROPERTY_GROUPS.map((group) => {
    const names = Object.values(group.properties as Record<string, Setting>).map((property) => quote(property.name));
    return `        groups.put(${constant(group.id)}, List.of(${names.join(', ')}));`;
  });
  const required = FLINK_PROPERTY_GROUPS.filter((group) => group.required).map((group) => constant(group.id));
  const position = BCNS_PROPERTIES.initialPosition;
  return `package com.sdp.aggregation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's runtime property groups and properties: names, defaults and ranges. Generated from
 * lambda/domain/settings/flink.ts by {@code npm run generate}; do not edit.
 */
final class RuntimeProperties {
    private RuntimeProperties() {}

    /** A property in whole seconds of the {@code Aggregation} group: its default and range. */
    static final class Seconds {
        final String group;
        final String name;
        final long defaultValue;
        final long min;
        final long max;

        Seconds(String group, String name, long defaultValue, long min, long max) {
            this.group = group;
            this.name = name;
            this.defaultValue = defaultValue;
            this.min = min;
            this.max = max;
        }

        String fullName() {
            return group + "." + name;
        }
    }

${groups.join('\n')}

    static final String STREAM_ARN = ${quote(BCNS_PROPERTIES.streamArn.name)};
    static final String AWS_REGION = ${quote(BCNS_PROPERTIES.region.name)};
    static final String INITIAL_POSITION = ${quote(position.name)};
    static final String INITIAL_POSITION_DEFAULT = ${quote(position.default)};
    static final List<String> INITIAL_POSITIONS = List.of(${position.values.map(quote).join(', ')});

${seconds.join('\n')}

    /** Every group the job reads, in order, with the properties each may hold. */
    static final Map<String, List<String>> GROUPS;
    /** Groups without which the job does not start. */
    static final List<String> REQUIRED_GROUPS = List.of(${required.join(', ')});

    static {
        Map<String, List<String>> groups = new LinkedHashMap<>();
${known.join('\n')}
        GROUPS = Collections.unmodifiableMap(groups);
    }
}
`;
}
