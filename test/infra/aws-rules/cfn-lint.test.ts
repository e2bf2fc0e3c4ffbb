import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedApp, synthesizeApp } from './synthesized-app.ts';

/*
 * cfn-lint (AWS's CloudFormation linter, with the resource specifications of every region) over
 * every template of the app. `.ci/run` installs it with pip; without it this test fails and says how.
 */

/** Warnings left as they are, each with the reason. */
const ACCEPTED_WARNINGS: { rule: string; message: RegExp; reason: string }[] = [
  {
    rule: 'W3005',
    message:
      /^'\w+Role[0-9A-F]{8}' dependency already enforced by a 'GetAtt' at 'Resources\/\w+\/Properties\/(Role|RoleArn)'$/,
    reason:
      'aws-cdk-lib’s Function and StateMachine make the resource DependsOn its role and the role’s default policy; the role half repeats the dependency its Fn::GetAtt already gives, and is harmless.',
  },
];

interface Finding {
  readonly Rule: { readonly Id: string };
  readonly Level: 'Error' | 'Warning' | 'Informational';
  readonly Message: string;
  readonly Filename: string;
  readonly Location: { readonly Path: (string | number)[] };
}

let synth: SynthesizedApp;
let findings: Finding[];

function cfnLint(files: readonly string[]): Finding[] {
  try {
    return JSON.parse(execFileSync('cfn-lint', ['--format', 'json', ...files], { encoding: 'utf8' }));
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stdout?: string };
    if (failed.code === 'ENOENT') {
      throw new Error('cfn-lint is not installed: pip install cfn-lint (the version .ci/run pins)');
    }
    // cfn-lint exits non-zero whenever it reports something; the findings are on stdout.
    if (failed.stdout) return JSON.parse(failed.stdout);
    throw error;
  }
}

beforeAll(() => {
  synth = synthesizeApp();
  findings = cfnLint(synth.templateFiles);
}, 180_000);

const describeFinding = (finding: Finding) =>
  `${finding.Filename.split('/').pop()} ${finding.Rule.Id} ${finding.Location.Path.join('/')}: ${finding.Message}`;

describe('cfn-lint over every template', () => {
  it('lints all the app’s templates', () => {
    expect(synth.templateFiles.map((file) => file.split('/').pop())).toHaveLength(
      Object.keys(synth.model.templates).length,
    );
    expect(synth.templateFiles.length).toBeGreaterThanOrEqual(7);
  });

  it('reports no errors', () => {
    expect(findings.filter((finding) => finding.Level === 'Error').map(describeFinding)).toStrictEqual([]);
  });

  it('reports no warning but those accepted with a reason', () => {
    const unexpected = findings.filter(
      (finding) =>
        finding.Level === 'Warning' &&
        !ACCEPTED_WARNINGS.some(({ rule, message }) => rule === finding.Rule.Id && message.test(finding.Message)),
    );
    expect(unexpected.map(describeFinding)).toStrictEqual([]);
  });
});

describe('cfn-lint over the dashboard site (sdp:dashboard=true)', () => {
  it('reports no errors and no warning but those accepted with a reason', () => {
    // Prepare
    const withSite = synthesizeApp({ 'sdp:dashboard': 'true', 'sdp:reportsAuth': 'apiKey' });
    const template = withSite.templateFiles.filter((file) => file.endsWith('/SdpDashboard.template.json'));

    // Act
    const found = cfnLint(template);

    // Assess
    expect(template).toHaveLength(1);
    expect(
      found
        .filter(
          (finding) =>
            finding.Level === 'Error' ||
            (finding.Level === 'Warning' &&
              !ACCEPTED_WARNINGS.some(
                ({ rule, message }) => rule === finding.Rule.Id && message.test(finding.Message),
              )),
        )
        .map(describeFinding),
    ).toStrictEqual([]);
  }, 180_000);
});
