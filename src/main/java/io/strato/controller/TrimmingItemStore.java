package io.strato.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An informer's store that drops, from each object it is given, the fields no controller reads, so
 * a cache of every Service and Node in a cluster holds what the CCM needs and little else (the
 * informer counterpart of client-go's transform functions). The trim works in place, on purpose:
 * Fabric8's informer hands the very instance it stored to the event handlers, so the handlers and
 * the cache see one trimmed object, never a full one in one place and a trimmed one in the other.
 * Unlike Fabric8's {@code ReducedStateItemStore}, the objects stay objects: reading the cache
 * builds nothing, which matters for a node sync that walks every load-balanced Service.
 */
final class TrimmingItemStore<T extends HasMetadata> implements ItemStore<T> {

  private final BasicItemStore<T> items = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
  private final Consumer<T> trim;

  TrimmingItemStore(Consumer<T> trim) {
    this.trim = trim;
  }

  @Override
  public String getKey(T obj) {
    return items.getKey(obj);
  }

  @Override
  public T put(String key, T obj) {
    trim.accept(obj);
    return items.put(key, obj);
  }

  @Override
  public T remove(String key) {
    return items.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet();
  }

  @Override
  public Stream<T> values() {
    return items.values();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public T get(String key) {
    return items.get(key);
  }
}
