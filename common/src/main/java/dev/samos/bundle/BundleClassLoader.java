package dev.samos.bundle;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Objects;

/**
 * Defines a bundle's classes in a loader of their own, so an executor can run a bundle received from elsewhere
 * next to other bundles (even other versions of the same class names) without either seeing the other.
 *
 * <p>Bundle classes are resolved child-first from the bundle; every other class is delegated to the parent, which
 * decides what the function can see (the JDK, the Samos function API, allow-listed libraries).
 */
public final class BundleClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final FunctionBundle bundle;

    public BundleClassLoader(FunctionBundle bundle, ClassLoader parent) {
        super("samos-bundle-" + Objects.requireNonNull(bundle, "bundle").address().hash().substring(0, 12), parent);
        this.bundle = bundle;
    }

    public FunctionBundle bundle() {
        return bundle;
    }

    /** The function's class, defined by this loader. */
    public Class<?> mainClass() {
        try {
            return loadClass(bundle.mainClass());
        } catch (ClassNotFoundException e) {
            throw new BundleException("cannot load " + bundle.mainClass() + " from its bundle", e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!bundle.contains(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] bytes = bundle.classFile(name);
                try {
                    c = defineClass(name, bytes, 0, bytes.length);
                } catch (LinkageError e) {
                    throw new BundleException("cannot define " + name + " from bundle " + bundle.address() + ": " + e,
                            e);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    /** Serves the bundle's class files as resources, so {@code FunctionBundle.of} works on classes loaded here. */
    @Override
    public InputStream getResourceAsStream(String name) {
        if (name.endsWith(".class")) {
            String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
            if (bundle.contains(className)) {
                return new ByteArrayInputStream(bundle.classFile(className));
            }
        }
        return super.getResourceAsStream(name);
    }
}
