package io.strato.cloud.loadbalancer;

public enum Scheme {
  INTERNET_FACING,
  INTERNAL
}
