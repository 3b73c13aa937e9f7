package io.strato.testsupport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The faults a test asks the {@link FaultProxy} for by name, on the calls it chooses, as opposed to
 * the campaigns' random share. Each step answers a number of matching calls and then retires; the
 * first step that matches a call plays it.
 */
final class FaultScript {

  /** What the proxy does with one call. */
  sealed interface Act {
    /** Answers an AWS error; the call never reaches the emulator. */
    record Refuse(AwsWireError error) implements Act {}

    /** The connection drops before the call is forwarded: nothing happened. */
    record DropRequest() implements Act {}

    /** The call takes effect, then the connection drops: the client never hears so. */
    record DropAnswer() implements Act {}

    /**
     * The call is forwarded and its JSON answer changed on the way back; only a 200 answer is
     * changed and counted against the step (a 404 before a create is not the answer meant).
     */
    record Rewrite(Consumer<ObjectNode> change, AtomicInteger left) implements Act {}
  }

  private record Step(Predicate<ProxiedCall> which, AtomicInteger left, Act act) {}

  private final List<Step> steps = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile int crashAfter = Integer.MAX_VALUE;

  void add(Predicate<ProxiedCall> which, int times, Act act) {
    steps.add(new Step(which, new AtomicInteger(times), act));
  }

  void rewrite(Predicate<ProxiedCall> which, int times, Consumer<ObjectNode> change) {
    AtomicInteger left = new AtomicInteger(times);
    steps.add(new Step(which, left, new Act.Rewrite(change, left)));
  }

  void crashAfter(int k) {
    calls.set(0);
    crashAfter = k;
  }

  void reset() {
    steps.clear();
    calls.set(0);
    crashAfter = Integer.MAX_VALUE;
  }

  /** The next call's number, counted from the last reset or crash point. */
  int number() {
    return calls.incrementAndGet();
  }

  int count() {
    return calls.get();
  }

  Optional<Act> actOn(ProxiedCall call) {
    // A process that dies after call k sends nothing more; its k-th call took effect unheard.
    if (call.number() > crashAfter) {
      return Optional.of(new Act.DropRequest());
    }
    if (call.number() == crashAfter) {
      return Optional.of(new Act.DropAnswer());
    }
    for (Step step : steps) {
      if (step.left().get() <= 0 || !step.which().test(call)) {
        continue;
      }
      if (step.act() instanceof Act.Rewrite || step.left().getAndDecrement() > 0) {
        return Optional.of(step.act());
      }
    }
    return Optional.empty();
  }
}
