/**
 * The regions where IAM Identity Center runs: those that have both its portal (`portal.sso`) and
 * its OIDC service (`oidc`) in botocore 1.43.11's endpoints.json (botocore/data/endpoints.json,
 * partitions aws, aws-cn and aws-us-gov), the list the AWS CLI itself resolves endpoints from.
 * Left out: the FIPS aliases, which are no sso_region, and the European Sovereign Cloud
 * (eusc-de-east-1), whose endpoints are not on amazonaws.com. A new region needs a new entry.
 */
export const IDENTITY_CENTER_REGIONS: readonly string[] = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "cn-north-1",
  "cn-northwest-1",
  "us-gov-east-1",
  "us-gov-west-1",
];

/** Whether IAM Identity Center runs in `region` (an exact, lower-case name). */
export function isIdentityCenterRegion(region: string): boolean {
  return IDENTITY_CENTER_REGIONS.includes(region);
}
