package dev.samos.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BundleClassLoaderTest {

    @Test
    void loadsAndRunsAFunctionInIsolation() throws Exception {
        FunctionBundle bundle = SourceCompiler.compile(Sources.BASE);
        BundleClassLoader loader = new BundleClassLoader(bundle, ClassLoader.getPlatformClassLoader());
        Class<?> main = loader.mainClass();
        assertThat(main.getName()).isEqualTo("com.example.Scaler");
        assertThat(main.getClassLoader()).isSameAs(loader);

        Object function = main.getConstructor().newInstance();
        Method call = main.getMethod("call", Map.class);
        // 5 * 3 + 7 + 2: the lambda, the record, the anonymous and the local class all load from the bundle.
        assertThat(call.invoke(function, Map.of("x", 5))).isEqualTo(24);
        assertThat(loader.loadClass("com.example.Scaler$Box").getClassLoader()).isSameAs(loader);
    }

    @Test
    void twoLoadersOfOneBundleDoNotShareClasses() throws Exception {
        FunctionBundle bundle = SourceCompiler.compile(Sources.BASE);
        Class<?> one = new BundleClassLoader(bundle, getClass().getClassLoader()).mainClass();
        Class<?> two = new BundleClassLoader(bundle, getClass().getClassLoader()).mainClass();
        assertThat(one).isNotSameAs(two);
        assertThat(one.getName()).isEqualTo(two.getName());
    }

    @Test
    void bundleClassesComeFromTheBundleEvenWhenTheParentHasThem() throws Exception {
        // The parent (the test class path) has the Maven-compiled Hypotenuse; the bundle's copy must win.
        FunctionBundle bundle = FunctionBundle.of(dev.samos.bundle.fixtures.Hypotenuse.class);
        BundleClassLoader loader = new BundleClassLoader(bundle, getClass().getClassLoader());
        Class<?> main = loader.mainClass();
        assertThat(main).isNotSameAs(dev.samos.bundle.fixtures.Hypotenuse.class);
        Object result = main.getMethod("call", Map.class).invoke(main.getConstructor().newInstance(),
                Map.of("a", 3, "b", 4));
        assertThat(result).isEqualTo(5.0);
    }

    @Test
    void aClassLoadedFromABundleBundlesBackToTheSameAddress() {
        FunctionBundle bundle = SourceCompiler.compile(Sources.BASE);
        Class<?> main = new BundleClassLoader(bundle, ClassLoader.getPlatformClassLoader()).mainClass();
        assertThat(FunctionBundle.of(main).address()).isEqualTo(bundle.address());
    }
}
