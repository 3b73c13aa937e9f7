package io.strato.cloud.loadbalancer;

public enum TargetType {
  INSTANCE,
  IP
}
