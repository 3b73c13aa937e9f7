package io.strato.provisioning.nodegroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.nodegroup.NodeGroupDesired;
import io.strato.cloud.nodegroup.NodeGroupSpecDto;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.ScalingDto;
import io.strato.cloud.nodegroup.NodeGroupSpecDto.TaintDto;
import io.strato.provisioning.validation.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeGroupValidatorTest {

  static NodeGroupSpecDto valid() {
    return new NodeGroupSpecDto(
        "ami-0123456789abcdef0",
        "m6i.large",
        "#!/bin/bash\necho hi",
        null,
        null,
        null,
        List.of("subnet-0123456789abcdef0", "subnet-0123456789abcdef1"),
        1,
        5,
        2,
        new ScalingDto("cpu", 60.0, null, null),
        Map.of("role", "worker"),
        List.of(new TaintDto("dedicated", "gpu", "NoSchedule")),
        null,
        Map.of("team", "platform"));
  }

  private static List<String> fields(NodeGroupSpecDto spec) {
    return NodeGroupValidator.validate("workers", spec).stream().map(FieldError::field).toList();
  }

  @Test
  void aFullSpecIsValid() {
    assertThat(NodeGroupValidator.validate("workers", valid())).isEmpty();
  }

  @Test
  void sizesMustBeOrdered() {
    NodeGroupSpecDto v = valid();
    NodeGroupSpecDto s =
        new NodeGroupSpecDto(
            v.imageId(),
            v.instanceType(),
            null,
            null,
            null,
            null,
            v.subnetIds(),
            5,
            2,
            9,
            null,
            null,
            null,
            null,
            null);
    assertThat(fields(s)).containsExactly("spec.maxSize", "spec.desiredCapacity");
    NodeGroupSpecDto negative =
        new NodeGroupSpecDto(
            v.imageId(),
            v.instanceType(),
            null,
            null,
            null,
            null,
            v.subnetIds(),
            -1,
            100000,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(fields(negative)).containsExactly("spec.minSize", "spec.maxSize");
    NodeGroupSpecDto desired =
        new NodeGroupSpecDto(
            v.imageId(),
            v.instanceType(),
            null,
            null,
            null,
            null,
            v.subnetIds(),
            1,
            3,
            7,
            null,
            null,
            null,
            null,
            null);
    assertThat(fields(desired)).containsExactly("spec.desiredCapacity");
  }

  @Test
  void identifiersAndLimitsAreChecked() {
    NodeGroupSpecDto s =
        new NodeGroupSpecDto(
            "image-1",
            "M6I LARGE",
            "x".repeat(13000),
            List.of("sg-1"),
            null,
            null,
            List.of(),
            0,
            1,
            null,
            new ScalingDto("memory", 200.0, "app/x", null),
            Map.of("bad key!", "v"),
            List.of(new TaintDto("k", "v", "Sometimes"), new TaintDto("k", "v", "Sometimes")),
            null,
            null);
    assertThat(fields(s))
        .contains(
            "spec.imageId",
            "spec.instanceType",
            "spec.userData",
            "spec.securityGroups[0]",
            "spec.subnetIds",
            "spec.scaling.metric",
            "spec.nodeLabels.bad key!",
            "spec.nodeTaints[0].effect",
            "spec.nodeTaints[1]");
  }

  @Test
  void requestsPerTargetNeedsAResourceLabel() {
    NodeGroupSpecDto v = valid();
    NodeGroupSpecDto s =
        new NodeGroupSpecDto(
            v.imageId(),
            v.instanceType(),
            null,
            null,
            null,
            null,
            v.subnetIds(),
            1,
            3,
            null,
            new ScalingDto("requests-per-target", 100.0, null, null),
            null,
            null,
            null,
            null);
    assertThat(fields(s)).containsExactly("spec.scaling.resourceLabel");
  }

  @Test
  void desiredComputesNamesAndPolicy() {
    var d = NodeGroupDesired.compute("workers", "uid-1", valid());
    assertThat(d.name()).matches("strato-workers-[0-9a-f]{8}");
    assertThat(d.scalingPolicy().targetValue()).isEqualTo(60.0);
    assertThat(d.taints())
        .singleElement()
        .satisfies(t -> assertThat(t.effect()).isEqualTo("NoSchedule"));
    assertThat(d.desiredCapacity()).isEqualTo(2);
  }

  @Test
  void subnetsAreBoundedAndDistinct() {
    List<String> seventeen =
        java.util.stream.IntStream.range(0, 17)
            .mapToObj(i -> String.format("subnet-%017x", i))
            .toList();
    assertThat(fields(withSubnets(seventeen))).containsExactly("spec.subnetIds");
    assertThat(fields(withSubnets(seventeen.subList(0, 16)))).isEmpty();
    assertThat(fields(withSubnets(List.of("subnet-0123456789abcdef0", "subnet-0123456789abcdef0"))))
        .containsExactly("spec.subnetIds");
  }

  private static NodeGroupSpecDto withSubnets(List<String> subnets) {
    NodeGroupSpecDto v = valid();
    return new NodeGroupSpecDto(
        v.imageId(),
        v.instanceType(),
        v.userData(),
        null,
        null,
        null,
        subnets,
        v.minSize(),
        v.maxSize(),
        v.desiredCapacity(),
        v.scaling(),
        v.nodeLabels(),
        v.nodeTaints(),
        null,
        v.tags());
  }
}
