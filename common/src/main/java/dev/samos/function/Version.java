package dev.samos.function;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An explicit version (or salt) of a pure function. The function's identity is its normalized bytecode, which keeps
 * run-time-visible annotations, so changing this value gives the function a new address and every call is computed
 * again — for when behaviour changed in a way the bytecode does not show (a library it calls was upgraded, say).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Version {

    String value();
}
