package dev.samos.autonomy;

import dev.samos.bundle.FunctionBundle;
import dev.samos.autonomy.JdkSafeSet.Access;
import dev.samos.autonomy.JdkSafeSet.Rule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.util.Printer;

/**
 * Decides by bytecode analysis whether a function is autonomous: every class it refers to is in its bundle, in
 * the Samos function API, in the JDK safe set ({@link JdkSafeSet}) or in the policy's allow-list; it keeps no
 * static mutable state; it has no native methods. Annotations are not looked at: they do not run.
 */
public final class AutonomyChecker {

    /** Exactly these packages, not their sub-packages: the user-facing API a function may call. */
    static final Set<String> API_PACKAGES = Set.of("dev.samos.function", "dev.samos.value", "dev.samos.address");

    /**
     * The bootstrap methods javac generates (lambdas, string concatenation, records, switches, constants). Calling
     * them is javac's business; a user reaching {@code java.lang.invoke} directly is reflection.
     */
    static final Set<String> JAVAC_BOOTSTRAPS = Set.of(
            "java/lang/invoke/LambdaMetafactory.metafactory",
            "java/lang/invoke/LambdaMetafactory.altMetafactory",
            "java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
            "java/lang/invoke/StringConcatFactory.makeConcat",
            "java/lang/runtime/ObjectMethods.bootstrap",
            "java/lang/runtime/SwitchBootstraps.typeSwitch",
            "java/lang/runtime/SwitchBootstraps.enumSwitch",
            "java/lang/invoke/ConstantBootstraps.invoke",
            "java/lang/invoke/ConstantBootstraps.getStaticFinal",
            "java/lang/invoke/ConstantBootstraps.nullConstant",
            "java/lang/invoke/ConstantBootstraps.primitiveClass",
            "java/lang/invoke/ConstantBootstraps.enumConstant",
            "java/lang/invoke/ConstantBootstraps.explicitCast");

    private static final String STATIC_STATE = "static mutable state is not allowed";

    private AutonomyChecker() {
    }

    /**
     * Checks {@code bundle} against {@code policy}.
     *
     * @return the violations found, as warnings, when the policy is impure; empty for a strict policy
     * @throws NotAutonomousException listing every violation, when the policy is strict and any is found
     */
    public static List<Violation> check(FunctionBundle bundle, AutonomyPolicy policy) {
        List<Violation> found = violations(bundle, policy);
        if (!found.isEmpty() && policy.isStrict()) {
            throw new NotAutonomousException(bundle.mainClass(), policy, found);
        }
        return found;
    }

    /** Every violation in {@code bundle} under {@code policy}, in class, method and instruction order. */
    public static List<Violation> violations(FunctionBundle bundle, AutonomyPolicy policy) {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(policy, "policy");
        Map<String, ClassNode> classes = new TreeMap<>();
        bundle.classFiles().forEach((name, bytes) -> {
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(node, 0);
            classes.put(node.name, node);
        });
        Scan scan = new Scan(classes, policy);
        classes.values().forEach(scan::checkClass);
        return List.copyOf(scan.found);
    }

    /** One run over one bundle; collects distinct violations in the order they are met. */
    private static final class Scan {

        private final Map<String, ClassNode> classes;
        private final AutonomyPolicy policy;
        private final Set<Violation> found = new LinkedHashSet<>();
        private ClassNode currentClass;
        private String currentMethod;

        Scan(Map<String, ClassNode> classes, AutonomyPolicy policy) {
            this.classes = classes;
            this.policy = policy;
        }

        void checkClass(ClassNode c) {
            currentClass = c;
            currentMethod = null;
            if (c.superName != null) {
                checkSupertype(c.superName, "extends " + c.superName);
            }
            for (String i : c.interfaces) {
                checkSupertype(i, "implements " + i);
            }
            for (FieldNode f : c.fields) {
                checkField(c, f);
            }
            for (MethodNode m : c.methods) {
                currentMethod = m.name + m.desc;
                checkMethod(c, m);
            }
        }

        private void checkField(ClassNode c, FieldNode f) {
            String what = ((f.access & Opcodes.ACC_STATIC) != 0 ? "static field " : "field ") + f.name + ":" + f.desc;
            checkDescriptor(f.desc, what);
            // javac's own statics ($VALUES, $assertionsDisabled, $SwitchMap$…) are synthetic and written once.
            if ((f.access & Opcodes.ACC_STATIC) == 0 || (f.access & Opcodes.ACC_SYNTHETIC) != 0) {
                return;
            }
            if ((f.access & Opcodes.ACC_FINAL) == 0) {
                report(what, STATIC_STATE + " (a static field must be final)");
            } else if (!immutableStaticType(Type.getType(f.desc))) {
                report(what, STATIC_STATE + " (a static final field must hold a primitive, String, boxed or "
                        + "other immutable JDK value, or an enum or record of the bundle)");
            }
        }

        private boolean immutableStaticType(Type t) {
            if (t.getSort() != Type.OBJECT) {
                return t.getSort() != Type.ARRAY;
            }
            String name = t.getInternalName();
            if (JdkSafeSet.IMMUTABLE_STATIC_TYPES.contains(name)) {
                return true;
            }
            ClassNode own = classes.get(name);
            return own != null && ((own.access & Opcodes.ACC_ENUM) != 0 || "java/lang/Record".equals(own.superName));
        }

        private void checkMethod(ClassNode c, MethodNode m) {
            if ((m.access & Opcodes.ACC_NATIVE) != 0) {
                report("native method", "native code is not allowed");
            }
            // The JVM calls it later on its finalizer thread: the function's code would run outside its execution.
            if ("finalize".equals(m.name) && "()V".equals(m.desc) && (m.access & Opcodes.ACC_STATIC) == 0) {
                report("method finalize()V", "code run by the finalizer thread is not allowed");
            }
            checkDescriptor(m.desc, "method " + m.name + m.desc);
            if (m.exceptions != null) {
                m.exceptions.forEach(e -> checkType(e, "throws " + e));
            }
            for (TryCatchBlockNode t : m.tryCatchBlocks) {
                if (t.type != null) {
                    checkType(t.type, "catch " + t.type);
                }
            }
            for (AbstractInsnNode insn : m.instructions) {
                checkInstruction(c, m, insn);
            }
        }

        private void checkInstruction(ClassNode c, MethodNode m, AbstractInsnNode insn) {
            String op = insn.getOpcode() >= 0 ? Printer.OPCODES[insn.getOpcode()] : "";
            switch (insn) {
                case MethodInsnNode mi -> {
                    String what = op + " " + mi.owner + "." + mi.name + mi.desc;
                    checkMember(mi.owner, mi.name + mi.desc, what);
                    checkDescriptor(mi.desc, what);
                }
                case FieldInsnNode fi -> {
                    String what = op + " " + fi.owner + "." + fi.name + ":" + fi.desc;
                    if (fi.getOpcode() == Opcodes.PUTSTATIC
                            && !("<clinit>".equals(m.name) && fi.owner.equals(c.name))) {
                        report(what, STATIC_STATE + " (a static field may only be set by its class's initializer)");
                    }
                    checkMember(fi.owner, fi.name + ":" + fi.desc, what);
                    checkDescriptor(fi.desc, what);
                }
                case TypeInsnNode ti -> checkType(ti.desc, op + " " + ti.desc);
                case MultiANewArrayInsnNode ma -> checkDescriptor(ma.desc, op + " " + ma.desc);
                case LdcInsnNode ldc -> checkConstant(ldc.cst, op + " " + constantText(ldc.cst));
                case InvokeDynamicInsnNode indy -> {
                    String what = op + " " + indy.name + indy.desc + " [" + indy.bsm.getOwner() + "."
                            + indy.bsm.getName() + "]";
                    checkBootstrap(indy.bsm, what);
                    checkDescriptor(indy.desc, what);
                    for (Object arg : indy.bsmArgs) {
                        checkConstant(arg, what);
                    }
                }
                default -> {
                }
            }
        }

        private void checkBootstrap(Handle bsm, String what) {
            if (!JAVAC_BOOTSTRAPS.contains(bsm.getOwner() + "." + bsm.getName())) {
                checkMember(bsm.getOwner(), bsm.getName() + bsm.getDesc(), what);
            }
        }

        private void checkConstant(Object cst, String what) {
            switch (cst) {
                case Type t -> {
                    if (t.getSort() == Type.METHOD) {
                        checkDescriptor(t.getDescriptor(), what);
                    } else if (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY) {
                        checkDescriptor(t.getDescriptor(), what);
                    }
                }
                case Handle h -> {
                    boolean field = h.getTag() <= Opcodes.H_PUTSTATIC;
                    String key = field ? h.getName() + ":" + h.getDesc() : h.getName() + h.getDesc();
                    String handleWhat = what + " → " + h.getOwner() + "." + (field ? key : h.getName() + h.getDesc());
                    if (h.getTag() == Opcodes.H_PUTSTATIC) {
                        report(handleWhat, STATIC_STATE + " (a handle that sets a static field)");
                    }
                    checkMember(h.getOwner(), key, handleWhat);
                    checkDescriptor(h.getDesc(), handleWhat);
                }
                case ConstantDynamic cd -> {
                    checkBootstrap(cd.getBootstrapMethod(), what);
                    checkDescriptor(cd.getDescriptor(), what);
                    for (int i = 0; i < cd.getBootstrapMethodArgumentCount(); i++) {
                        checkConstant(cd.getBootstrapMethodArgument(i), what);
                    }
                }
                default -> {
                }
            }
        }

        private void checkSupertype(String internalName, String what) {
            if (classes.containsKey(internalName)) {
                return;
            }
            // A subclass inherits every member, so a type the table admits only as a type cannot be extended.
            String why = judge(binaryName(internalName), null, true);
            if (why != null) {
                report(what, why);
            }
        }

        private void checkType(String internalNameOrArray, String what) {
            Type t = internalNameOrArray.startsWith("[") ? Type.getType(internalNameOrArray)
                    : Type.getObjectType(internalNameOrArray);
            checkDescriptor(t.getDescriptor(), what);
        }

        private void checkDescriptor(String desc, String what) {
            Type t = Type.getType(desc);
            if (t.getSort() == Type.METHOD) {
                for (Type arg : t.getArgumentTypes()) {
                    checkOneType(arg, what);
                }
                checkOneType(t.getReturnType(), what);
            } else {
                checkOneType(t, what);
            }
        }

        private void checkOneType(Type t, String what) {
            if (t.getSort() == Type.ARRAY) {
                t = t.getElementType();
            }
            if (t.getSort() != Type.OBJECT || classes.containsKey(t.getInternalName())) {
                return;
            }
            String name = binaryName(t.getInternalName());
            String why = judge(name, null, false);
            if (why != null) {
                report(what, name + ": " + why);
            }
        }

        private void checkMember(String owner, String memberKey, String what) {
            if (owner.startsWith("[")) {
                checkType(owner, what);
                return;
            }
            String judged = owner;
            // A call through a bundle class may land on a member it inherits from outside the bundle.
            while (classes.containsKey(judged)) {
                ClassNode c = classes.get(judged);
                if (declares(c, memberKey) || c.superName == null) {
                    return;
                }
                judged = c.superName;
            }
            String why = judge(binaryName(judged), memberKey, false);
            if (why != null) {
                report(what, why);
            }
        }

        private static boolean declares(ClassNode c, String memberKey) {
            int colon = memberKey.indexOf(':');
            if (colon >= 0) {
                String name = memberKey.substring(0, colon);
                String desc = memberKey.substring(colon + 1);
                return c.fields.stream().anyMatch(f -> f.name.equals(name) && f.desc.equals(desc));
            }
            return c.methods.stream().anyMatch(m -> memberKey.equals(m.name + m.desc));
        }

        /** Null if allowed, else why not, as "… is not allowed". */
        private String judge(String className, String memberKey, boolean supertype) {
            if (policy.allows(className)) {
                return null;
            }
            int dot = className.lastIndexOf('.');
            if (dot > 0 && API_PACKAGES.contains(className.substring(0, dot))) {
                return null;
            }
            Rule rule = JdkSafeSet.find(className, memberKey);
            if (rule == null) {
                return className + " is not in the bundle, the Samos function API, the JDK safe set or the "
                        + "allow-list, so it is not allowed";
            }
            boolean allowed = rule.access() == Access.ALLOW
                    || rule.access() == Access.TYPE_ONLY && memberKey == null && !supertype;
            return allowed ? null : rule.why() + " is not allowed";
        }

        private void report(String instruction, String reason) {
            found.add(new Violation(binaryName(currentClass.name), currentMethod, instruction, reason));
        }

        private static String constantText(Object cst) {
            return cst instanceof String s ? '"' + s + '"' : String.valueOf(cst);
        }

        private static String binaryName(String internalName) {
            return internalName.replace('/', '.');
        }
    }
}
