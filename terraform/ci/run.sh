#!/usr/bin/env bash
# CI for terraform/: format check, offline init + validate of every AWS module and the example,
# then a real apply and destroy of the example against a moto server this script starts and stops.
# Run from the repository root: bash terraform/ci/run.sh
# All Terraform state, plugin caches and generated files live in a temp dir; the repo stays clean.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
started=$(date +%s)

MIRROR=${TF_PLUGIN_MIRROR:-/opt/tf-plugins}
AWS_PROVIDER_DIR="$MIRROR/registry.terraform.io/hashicorp/aws"
RUN_ID="ci-$$-$(date +%s)"   # cluster name of this run; every resource carries it
REGION=us-east-1

step() { printf '\n=== terraform: %s  [+%ss]\n' "$*" "$(( $(date +%s) - started ))"; }

work=$(mktemp -d -t strato-tf.XXXXXX)
moto_pid=""
strato_pid=""
cleanup() {
  if [[ -n "$strato_pid" ]] && kill -0 "$strato_pid" 2>/dev/null; then
    kill "$strato_pid" 2>/dev/null || true
    wait "$strato_pid" 2>/dev/null || true
  fi
  if [[ -n "$moto_pid" ]] && kill -0 "$moto_pid" 2>/dev/null; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # run cleanup (stop moto) when interrupted too

# Offline provider installation from the filesystem mirror; never reads ~/.terraformrc.
cat >"$work/terraformrc" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
plugin_cache_dir = "$work/plugin-cache"
CFG
mkdir -p "$work/plugin-cache"
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1

step "tools"
command -v terraform >/dev/null || { echo "terraform is missing: install Terraform >= 1.5 (CI uses 1.11) on PATH" >&2; exit 1; }
command -v moto_server >/dev/null || { echo "moto_server is missing: pip install 'moto[server]'" >&2; exit 1; }
command -v aws >/dev/null || { echo "the aws CLI is missing: pip install awscli" >&2; exit 1; }
command -v openssl >/dev/null || { echo "openssl is missing (it signs the CI's API token): apt-get install -y openssl" >&2; exit 1; }
command -v java >/dev/null || { echo "java is missing: Strato runs on Java 17" >&2; exit 1; }
terraform version | sed -n 1p   # sed reads everything: head would end terraform with SIGPIPE under pipefail

step "fmt"
terraform fmt -check -recursive -diff terraform/ || { echo "terraform fmt found unformatted files: run 'terraform fmt -recursive terraform/' and commit" >&2; exit 1; }
echo "all .tf files formatted"

step "provider mirror"
if ! ls "$AWS_PROVIDER_DIR"/*/linux_amd64/terraform-provider-aws_* >/dev/null 2>&1; then
  cat >&2 <<MSG
No hashicorp/aws provider in the filesystem mirror $MIRROR.
CI runs offline: put the provider binary at
  $AWS_PROVIDER_DIR/<version>/linux_amd64/terraform-provider-aws_v<version>_x5
(e.g. 'terraform providers mirror -platform=linux_amd64 $MIRROR' on a machine with internet),
or point TF_PLUGIN_MIRROR at a mirror that has it.
MSG
  exit 1
fi
ls -d "$AWS_PROVIDER_DIR"/*/

# A copy of the Terraform sources plus the one policy file they read, so that .terraform/, lock files
# and the emulator override never land in the repository.
src="$work/src"
mkdir -p "$src/providers/aws"
cp -R terraform "$src/terraform"
cp providers/aws/iam-policy.json "$src/providers/aws/"

step "init + validate (offline, against the mirror)"
for dir in modules/aws-network modules/aws-strato-iam examples/aws-self-managed; do
  export TF_DATA_DIR="$work/data/${dir//\//_}"
  terraform -chdir="$src/terraform/$dir" init -backend=false -input=false -no-color >"$work/init.log" 2>&1 \
    || { cat "$work/init.log" >&2; exit 1; }
  terraform -chdir="$src/terraform/$dir" validate -no-color | sed '/^$/d' | sed "s|^|$dir: |"
done
echo "modules/gcp-strato-iam: fmt only (no google provider offline; see its README)"

step "moto"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
endpoint="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -fs "$endpoint/moto-api/" >/dev/null 2>&1 && break
  kill -0 "$moto_pid" 2>/dev/null || { cat "$work/moto.log" >&2; echo "moto_server exited" >&2; exit 1; }
  sleep 0.1
done
curl -fs "$endpoint/moto-api/" >/dev/null || { echo "moto_server did not answer on $endpoint" >&2; exit 1; }
echo "moto_server pid $moto_pid on $endpoint"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=$REGION AWS_PAGER=""
unset AWS_PROFILE AWS_SESSION_TOKEN
awsm() { aws --endpoint-url "$endpoint" --region "$REGION" "$@"; }

# An AMI the emulator knows, for the nodes of the cluster spec.
image_id=$(awsm ec2 describe-images --owners amazon --query 'Images[0].ImageId' --output text)

# The emulator provider settings exist only here, as an override file in the temp copy of the example.
example="$src/terraform/examples/aws-self-managed"
cat >"$example/moto_override.tf" <<TF
provider "aws" {
  region                      = "$REGION"
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  skip_region_validation      = true
  s3_use_path_style           = true
  endpoints {
    ec2         = "$endpoint"
    iam         = "$endpoint"
    sts         = "$endpoint"
    elbv2       = "$endpoint"
    autoscaling = "$endpoint"
  }
}
TF
export TF_DATA_DIR="$work/data/examples_aws-self-managed"
tfx() { terraform -chdir="$example" "$@"; }
tag="tag-key,Values=kubernetes.io/cluster/$RUN_ID"
count_eq() { # count_eq WANT WHAT aws-args...: fails with WHAT when the JMESPath length differs
  local want=$1 what=$2; shift 2
  local got; got=$(awsm "$@")
  [[ "$got" == "$want" ]] || { echo "expected $want $what, found $got" >&2; exit 1; }
}

total_applied=0 total_destroyed=0
# scenario NAME VAR...: apply the example with the given -var flags, check the cloud side, destroy,
# and check nothing of the run is left.
scenario() {
  local name=$1; shift
  local state="$work/$name.tfstate" vars=(-var "cluster_name=$RUN_ID" -var "image_id=$image_id" "$@")
  step "apply examples/aws-self-managed against moto: $name (cluster $RUN_ID)"
  tfx apply -auto-approve -input=false -no-color -state="$state" "${vars[@]}" >"$work/apply.log" 2>&1 \
    || { cat "$work/apply.log" >&2; exit 1; }
  grep -E '^Apply complete' "$work/apply.log"
  applied=$(sed -nE 's/^Apply complete! Resources: ([0-9]+) added.*/\1/p' "$work/apply.log")
  tfx output -no-color -state="$state"
  python3 - "$(tfx output -raw -state="$state" strato_cluster_spec)" <<'PY'
import json, sys
spec = json.loads(sys.argv[1])["spec"]
net = spec["network"]
assert net["vpcId"].startswith("vpc-"), net
assert len({s["id"] for s in net["subnets"]}) == 3 and len({s["zone"] for s in net["subnets"]}) == 3, net
print("strato_cluster_spec: valid JSON, vpcId", net["vpcId"], "and", len(net["subnets"]), "subnets over 3 zones")
PY
  # What the apply created, checked through the AWS API rather than through Terraform's own view.
  count_eq 3 "public subnets tagged kubernetes.io/role/elb=1" ec2 describe-subnets \
    --filters "Name=$tag" "Name=tag:kubernetes.io/role/elb,Values=1" --query 'length(Subnets)'
  count_eq 3 "private subnets tagged kubernetes.io/role/internal-elb=1" ec2 describe-subnets \
    --filters "Name=$tag" "Name=tag:kubernetes.io/role/internal-elb,Values=1" --query 'length(Subnets)'
  local zones
  zones=$(awsm ec2 describe-subnets --filters "Name=$tag" --query 'Subnets[].AvailabilityZone' --output text | tr '\t' '\n' | sort -u | wc -l)
  [[ $zones == 3 ]] || { echo "expected subnets over 3 zones, got $zones" >&2; exit 1; }
  count_eq 4 "route tables tagged with the cluster (3 private + 1 public)" ec2 describe-route-tables \
    --filters "Name=$tag" --query 'length(RouteTables)'
  "check_$name"
  echo "$name: emulator holds what the example declares"
  if [[ "$name" == instance-profile ]]; then
    cluster_through_strato "$state"
  fi

  step "destroy: $name"
  tfx destroy -auto-approve -input=false -no-color -state="$state" "${vars[@]}" >"$work/destroy.log" 2>&1 \
    || { cat "$work/destroy.log" >&2; exit 1; }
  grep -E '^Destroy complete' "$work/destroy.log"
  destroyed=$(sed -nE 's/^Destroy complete! Resources: ([0-9]+) destroyed.*/\1/p' "$work/destroy.log")
  [[ "$applied" == "$destroyed" ]] || { echo "applied $applied resources but destroyed $destroyed" >&2; exit 1; }

  count_eq 0 "VPCs of the run left" ec2 describe-vpcs --filters "Name=$tag" --query 'length(Vpcs)'
  count_eq 0 "non-default VPCs left" ec2 describe-vpcs --filters Name=is-default,Values=false --query 'length(Vpcs)'
  count_eq 0 "subnets of the run left" ec2 describe-subnets --filters "Name=$tag" --query 'length(Subnets)'
  count_eq 0 "route tables of the run left" ec2 describe-route-tables --filters "Name=$tag" --query 'length(RouteTables)'
  count_eq 0 "internet gateways of the run left" ec2 describe-internet-gateways --filters "Name=$tag" --query 'length(InternetGateways)'
  count_eq 0 "live NAT gateways of the run left" ec2 describe-nat-gateways --filter "Name=$tag" "Name=state,Values=pending,available" --query 'length(NatGateways)'
  count_eq 0 "Elastic IPs of the run left" ec2 describe-addresses --filters "Name=$tag" --query 'length(Addresses)'
  count_eq 0 "roles of the run left" iam list-roles --query "length(Roles[?RoleName=='strato-$RUN_ID'])"
  count_eq 0 "policies of the run left" iam list-policies --scope Local --query "length(Policies[?starts_with(PolicyName, 'strato-$RUN_ID')])"
  count_eq 0 "instance profiles of the run left" iam list-instance-profiles --query "length(InstanceProfiles[?InstanceProfileName=='strato-$RUN_ID'])"
  echo "$name: emulator empty of the run"
  total_applied=$(( total_applied + applied )) total_destroyed=$(( total_destroyed + destroyed ))
}

# cluster_through_strato STATE: start the packaged Strato against the same moto, create the
# self-managed cluster the example's strato_cluster_spec describes through the REST API, wait for
# Ready, check the cloud side, delete it and check that nothing Strato made is left.
cluster_through_strato() {
  local state=$1
  local jar="$repo/target/quarkus-app/quarkus-run.jar"
  step "Strato: create a self-managed cluster through the REST API on the Terraform network"
  [[ -f "$jar" ]] || { echo "$jar is missing: run './mvnw -B package' first (.ci/run runs the tests, which package it, before this step)" >&2; exit 1; }
  local keys="$work/jwt"; mkdir -p "$keys"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$keys/private.pem" 2>/dev/null
  openssl pkey -in "$keys/private.pem" -pubout -out "$keys/public.pem"
  b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
  local now header payload token
  now=$(date +%s)
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"strato","aud":"strato","sub":"terraform-ci","upn":"terraform-ci","groups":["operator"],"iat":%d,"exp":%d}' "$now" $((now + 3600)) | b64url)
  token="$header.$payload.$(printf '%s' "$header.$payload" | openssl dgst -sha256 -sign "$keys/private.pem" -binary | b64url)"

  local http_port; http_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  local mgmt_port; mgmt_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  STRATO_AWS_ENDPOINT="$endpoint" STRATO_AWS_REGION="$REGION" STRATO_DATA_DIR="$work/strato" \
    QUARKUS_HTTP_PORT="$http_port" QUARKUS_MANAGEMENT_PORT="$mgmt_port" MP_JWT_VERIFY_PUBLICKEY_LOCATION="$keys/public.pem" STRATO_AUTH_AUDIENCE=strato \
    java -jar "$jar" >"$work/strato.log" 2>&1 &
  strato_pid=$!
  local api="http://127.0.0.1:$http_port"
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$mgmt_port/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$strato_pid" 2>/dev/null || { cat "$work/strato.log" >&2; echo "Strato exited" >&2; exit 1; }
    sleep 0.1
  done
  echo "Strato pid $strato_pid on $api (AWS endpoint $endpoint)"
  curlx() { curl -sS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }

  tfx output -raw -state="$state" strato_cluster_spec >"$work/cluster.json"
  local code
  code=$(curlx -o "$work/put.json" -w '%{http_code}' -X PUT --data @"$work/cluster.json" "$api/api/v1/clusters/$RUN_ID")
  [[ "$code" == 201 ]] || { echo "PUT /api/v1/clusters/$RUN_ID answered $code:" >&2; cat "$work/put.json" >&2; exit 1; }
  echo "PUT /api/v1/clusters/$RUN_ID: 201"
  local phase=""
  for _ in $(seq 1 180); do
    phase=$(curlx "$api/api/v1/clusters/$RUN_ID" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("status",{}).get("phase",""))')
    [[ "$phase" == Ready || "$phase" == Failed ]] && break
    sleep 1
  done
  curlx "$api/api/v1/clusters/$RUN_ID" >"$work/cluster-status.json"
  [[ "$phase" == Ready ]] || { echo "the cluster did not become Ready (phase '$phase'):" >&2; cat "$work/cluster-status.json" >&2; tail -50 "$work/strato.log" >&2; exit 1; }
  python3 - "$work/cluster-status.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
out = r["status"]["outputs"]
sm = out["selfManaged"]
assert len(sm["controlPlaneGroups"]) == 3 and len(set(sm["zones"])) == 3, sm
assert out["endpoint"].startswith("https://") and out["endpoint"].endswith(":6443"), out
print("cluster Ready:", out["endpoint"], "control plane over", ", ".join(sm["zones"]))
for c in r["status"]["conditions"]:
    print("  %-18s %-5s %s" % (c["type"], c["status"], c.get("reason", "")))
PY
  local owned="AutoScalingGroups[?Tags[?Key=='strato.io/resource' && Value=='Cluster/$RUN_ID']]"
  count_eq 4 "Auto Scaling groups of the cluster (3 control plane + 1 worker)" autoscaling describe-auto-scaling-groups --query "length($owned)"
  count_eq 1 "API load balancers" elbv2 describe-load-balancers --query 'length(LoadBalancers)'

  code=$(curlx -o /dev/null -w '%{http_code}' -X DELETE "$api/api/v1/clusters/$RUN_ID")
  [[ "$code" == 202 ]] || { echo "DELETE answered $code" >&2; exit 1; }
  for _ in $(seq 1 180); do
    code=$(curlx -o /dev/null -w '%{http_code}' "$api/api/v1/clusters/$RUN_ID")
    [[ "$code" == 404 ]] && break
    sleep 1
  done
  [[ "$code" == 404 ]] || { echo "the cluster was not deleted:" >&2; curlx "$api/api/v1/clusters/$RUN_ID" >&2; exit 1; }
  echo "DELETE /api/v1/clusters/$RUN_ID: 202, gone"
  count_eq 0 "Auto Scaling groups left" autoscaling describe-auto-scaling-groups --query 'length(AutoScalingGroups)'
  count_eq 0 "launch templates left" ec2 describe-launch-templates --query 'length(LaunchTemplates)'
  count_eq 0 "load balancers left" elbv2 describe-load-balancers --query 'length(LoadBalancers)'
  count_eq 0 "target groups left" elbv2 describe-target-groups --query 'length(TargetGroups)'
  count_eq 0 "security groups Strato made left" ec2 describe-security-groups --filters Name=tag-key,Values=strato.io/owner --query 'length(SecurityGroups)'
  count_eq 0 "running instances left" ec2 describe-instances --filters Name=instance-state-name,Values=pending,running --query 'length(Reservations[].Instances[])'
  count_eq 0 "subnets still carrying Strato's tags" ec2 describe-subnets --filters Name=tag-key,Values=strato.io/owner --query 'length(Subnets)'
  kill "$strato_pid"; wait "$strato_pid" 2>/dev/null || true
  strato_pid=""
  echo "Strato: cluster created and deleted; nothing of it left in the emulator"
}

check_instance-profile() {
  awsm iam get-instance-profile --instance-profile-name "strato-$RUN_ID" --query 'InstanceProfile.Roles[0].RoleName' --output text \
    | grep -qx "strato-$RUN_ID" || { echo "instance profile strato-$RUN_ID does not hold role strato-$RUN_ID" >&2; exit 1; }
  count_eq 0 "NAT gateways (off by default)" ec2 describe-nat-gateways --filter "Name=$tag" --query 'length(NatGateways)'
  check_policy_scoping
}

# The policy as stored in IAM: split into parts attached to the role, the placeholder cluster ID
# replaced by the run's, PassRole only on role/strato-*.
check_policy_scoping() {
  local docs="" arn version
  for arn in $(awsm iam list-attached-role-policies --role-name "strato-$RUN_ID" --query 'AttachedPolicies[].PolicyArn' --output text); do
    version=$(awsm iam get-policy --policy-arn "$arn" --query 'Policy.DefaultVersionId' --output text)
    docs+=$(awsm iam get-policy-version --policy-arn "$arn" --version-id "$version" --query 'PolicyVersion.Document' --output json)
  done
  [[ -n "$docs" ]] || { echo "no policy attached to strato-$RUN_ID" >&2; exit 1; }
  grep -q "kubernetes.io/cluster/$RUN_ID" <<<"$docs" || { echo "the stored policy lacks the cluster tag kubernetes.io/cluster/$RUN_ID" >&2; exit 1; }
  ! grep -q "CHANGE-ME" <<<"$docs" || { echo "the stored policy still names the placeholder cluster ID" >&2; exit 1; }
  grep -q 'role/strato-\*' <<<"$docs" || { echo "the stored policy lacks PassRole on role/strato-*" >&2; exit 1; }
  grep -q 'aws:RequestTag/strato.io/managed-by' <<<"$docs" || { echo "the stored policy lacks the tag-on-create condition" >&2; exit 1; }
  echo "policy: $(wc -w <<<"$(awsm iam list-attached-role-policies --role-name "strato-$RUN_ID" --query 'AttachedPolicies[].PolicyName' --output text)") managed parts, scoped to cluster $RUN_ID and role/strato-*"
}

check_irsa-nat() {
  local trust
  trust=$(awsm iam get-role --role-name "strato-$RUN_ID" --query 'Role.AssumeRolePolicyDocument' --output json)
  grep -q "system:serviceaccount:kube-system:strato-cloud-controller-manager" <<<"$trust" \
    || { echo "IRSA trust policy lacks the service account sub condition: $trust" >&2; exit 1; }
  grep -q "$oidc_host:aud" <<<"$trust" || { echo "IRSA trust policy lacks the aud condition: $trust" >&2; exit 1; }
  count_eq 0 "instance profiles under IRSA" iam list-instance-profiles --query "length(InstanceProfiles[?InstanceProfileName=='strato-$RUN_ID'])"
  count_eq 3 "NAT gateways (one per zone)" ec2 describe-nat-gateways --filter "Name=$tag" "Name=state,Values=pending,available" --query 'length(NatGateways)'
  count_eq 3 "private route tables with a default route through a NAT gateway" ec2 describe-route-tables \
    --filters "Name=$tag" "Name=route.nat-gateway-id,Values=nat-*" --query 'length(RouteTables)'
}

scenario instance-profile

# IRSA needs an IAM OIDC provider; CI registers a stand-in issuer and removes it afterwards.
oidc_host="oidc.ci.strato.test/$RUN_ID"
oidc_arn=$(awsm iam create-open-id-connect-provider --url "https://$oidc_host" --client-id-list sts.amazonaws.com \
  --thumbprint-list 0000000000000000000000000000000000000000 --query OpenIDConnectProviderArn --output text)
scenario irsa-nat -var enable_nat_gateways=true -var "oidc_provider_arn=$oidc_arn" -var "oidc_provider_url=https://$oidc_host"
awsm iam delete-open-id-connect-provider --open-id-connect-provider-arn "$oidc_arn"

echo
echo "terraform: applied $total_applied resources, destroyed $total_destroyed, emulator empty ($(( $(date +%s) - started ))s)"
