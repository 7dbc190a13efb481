package dev.samos.value;

import java.util.Map;

/**
 * A record some of whose components describe how it is used rather than what it is: they travel with it (the
 * storage codec keeps every component) but are left out of its address. A pure function's validators are such
 * components: adding a validator to a function passed as an argument must not change any address.
 */
public interface IdentifiedRecord {

    /** The components that make this record's identity, by name, in declaration order. */
    Map<String, Object> identityFields();
}
