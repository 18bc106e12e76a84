package com.zenith.functions.operator.scenarios;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.HttpURLConnection;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The mock server's CRUD store with an index by object name, for the benchmark. The stock
 * dispatcher answers every request by matching the request against every stored object, so at 5,000
 * Functions (about 35,000 objects with their children and Events) each GET, create and patch of one
 * named object scans them all. This one narrows a request that names an object to the objects of
 * that name and applies the same match to them, so it answers exactly what the stock one answers.
 * Lists and watches are left to the stock code. Should the index ever miss a stored object (checked
 * after each write), it is dropped and every request goes through the stock code again.
 */
class NameIndexedCrudDispatcher extends KubernetesCrudDispatcher {

  private static final String NAME = KubernetesAttributesExtractor.NAME;

  /** Stored keys by their name attribute; guarded by {@code map}, as the stored objects are. */
  private final Map<Attribute, Set<AttributeSet>> byName = new HashMap<>();

  private volatile boolean usable = true;

  @Override
  public MockResponse handleGet(String path) {
    Attribute name = indexable(getKey(path));
    if (name == null || path.contains("watch=true")) {
      return super.handleGet(path);
    }
    AttributeSet query = getKey(path);
    Map.Entry<AttributeSet, String> found = find(name, query);
    return found == null
        ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
        : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.getValue());
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    Attribute name = indexable(attributes);
    return name == null ? super.findResource(attributes) : find(name, attributes);
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    synchronized (map) {
      super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
      if (oldAttributes != null) {
        unindex(oldAttributes);
      }
      if (newState != null) {
        AttributeSet stored = storedKey(pathAttributes, resource, newState);
        if (map.containsKey(stored) && stored.getAttribute(NAME) != null) {
          byName.computeIfAbsent(stored.getAttribute(NAME), n -> new LinkedHashSet<>()).add(stored);
        } else {
          usable = false; // the key was not computed as the stock code computes it
          System.err.println(
              "name index dropped: the mock server stored an object under another key");
        }
      }
    }
  }

  @Override
  public void reset() {
    synchronized (map) {
      super.reset();
      byName.clear();
    }
  }

  /** The name a request is narrowed by, or null to leave it to the stock code. */
  private Attribute indexable(AttributeSet query) {
    Attribute name = query.getAttribute(NAME);
    return usable && name != null && name.getType() == AttributeType.WITH ? name : null;
  }

  private Map.Entry<AttributeSet, String> find(Attribute name, AttributeSet query) {
    synchronized (map) {
      for (AttributeSet key : byName.getOrDefault(name, Set.of())) {
        if (key.matches(query)) {
          return new AbstractMap.SimpleImmutableEntry<>(key, map.get(key));
        }
      }
      return null;
    }
  }

  private void unindex(AttributeSet key) {
    Attribute name = key.getAttribute(NAME);
    Set<AttributeSet> keys = name == null ? null : byName.get(name);
    if (keys != null && !map.containsKey(key)) {
      keys.remove(key);
      if (keys.isEmpty()) {
        byName.remove(name);
      }
    }
  }

  /** The key the stock code stores an object under (its attributes, plus the path's plural). */
  private AttributeSet storedKey(
      AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
    var extractor = (KubernetesAttributesExtractor) getAttributeExtractor();
    AttributeSet key =
        resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
    return key.containsKey(KubernetesAttributesExtractor.PLURAL)
        ? key
        : AttributeSet.merge(pathAttributes, key);
  }
}
