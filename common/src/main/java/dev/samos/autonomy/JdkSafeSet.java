package dev.samos.autonomy;

import java.util.List;

/**
 * The JDK classes and members a pure function may use. One table, read top to bottom like the README's; the most
 * specific matching row wins: a row naming a member beats one naming only a class, and a longer class or package
 * beats a shorter one. Anything no row matches is not allowed.
 *
 * <p>Owner column: {@code pkg.} (ending in a dot) is a package and its sub-packages; otherwise a class and its
 * nested classes. Member column: a method or field name, optionally followed by the start of its descriptor, e.g.
 * {@code <init>()V} is only the no-argument constructor.
 */
final class JdkSafeSet {

    enum Access {
        /** The class and all its members. */
        ALLOW,
        /** The class may appear as a type (descriptors, casts, class literals); its members only as rows allow. */
        TYPE_ONLY,
        DENY
    }

    record Rule(String owner, String member, Access access, String why) {

        boolean matchesOwner(String className) {
            return owner.endsWith(".") ? className.startsWith(owner)
                    : className.equals(owner) || className.startsWith(owner + "$");
        }

        /** {@code memberKey} is name + descriptor for a method, name + ":" + descriptor for a field. */
        boolean matchesMember(String memberKey) {
            if (member == null) {
                return true;
            }
            if (memberKey == null || !memberKey.startsWith(member)) {
                return false;
            }
            return member.indexOf('(') >= 0 || memberKey.length() > member.length()
                    && (memberKey.charAt(member.length()) == '(' || memberKey.charAt(member.length()) == ':');
        }

        int specificity() {
            return (member == null ? 0 : 100_000) + owner.length() * 100 + (member == null ? 0 : member.length());
        }
    }

    // Why a row denies; a violation reads "<why> is not allowed".
    static final String PROCESS = "process control";
    static final String THREADS = "starting or managing threads";
    static final String SHARED_POOL = "running work on shared thread pools";
    static final String CLASS_LOADING = "class loading";
    static final String REFLECTION = "reflection";
    static final String FILES = "file system access";
    static final String IO = "I/O other than in-memory streams and System.out/System.err";
    static final String STDIN = "reading standard input";
    static final String NETWORK = "network access";
    static final String ENVIRONMENT = "reading the environment (variables, properties, machine settings)";
    static final String WALL_CLOCK = "reading the wall clock";
    static final String RANDOM = "unseeded randomness";
    static final String JVM_STATE = "changing JVM-wide state";
    static final String NATIVE = "native code and off-heap memory";
    static final String LOGGING = "logging (print to System.out/System.err instead)";
    static final String GC = "references to the garbage collector";
    static final String SECURITY = "security APIs";
    static final String INTERNAL = "JDK-internal and extension APIs";
    static final String UNSAFE = "sun.misc.Unsafe";
    static final String DATABASE = "database access";

    // @formatter:off
    static final List<Rule> RULES = List.of(
        // owner                                  member                          access                why
        allow("java.lang."),
        deny ("java.lang.Runtime",                                                                      PROCESS),
        deny ("java.lang.ProcessBuilder",                                                               PROCESS),
        deny ("java.lang.Process",                                                                      PROCESS),
        deny ("java.lang.ProcessHandle",                                                                PROCESS),
        deny ("java.lang.ClassLoader",                                                                  CLASS_LOADING),
        deny ("java.lang.ModuleLayer",                                                                  CLASS_LOADING),
        deny ("java.lang.Module",                                                                       REFLECTION),
        deny ("java.lang.Package",                                                                      REFLECTION),
        deny ("java.lang.StackWalker",                                                                  REFLECTION),
        deny ("java.lang.ClassValue",                                                                   REFLECTION),
        deny ("java.lang.SecurityManager",                                                              SECURITY),
        deny ("java.lang.ThreadGroup",                                                                  THREADS),
        deny ("java.lang.ThreadLocal",                                                                  THREADS),
        deny ("java.lang.InheritableThreadLocal",                                                       THREADS),
        deny ("java.lang.ScopedValue",                                                                  THREADS),
        type ("java.lang.Thread",                                                                       THREADS),
        allow("java.lang.Thread",                 "currentThread"),
        allow("java.lang.Thread",                 "sleep"),
        allow("java.lang.Thread",                 "onSpinWait"),
        allow("java.lang.Thread",                 "yield"),
        allow("java.lang.Thread",                 "isInterrupted"),
        allow("java.lang.Thread",                 "interrupted"),
        allow("java.lang.Thread",                 "interrupt"),
        type ("java.lang.Class",                                                                        REFLECTION),
        allow("java.lang.Class",                  "getName"),
        allow("java.lang.Class",                  "getSimpleName"),
        allow("java.lang.Class",                  "getTypeName"),
        allow("java.lang.Class",                  "getCanonicalName"),
        allow("java.lang.Class",                  "getPackageName"),
        allow("java.lang.Class",                  "descriptorString"),
        allow("java.lang.Class",                  "isInstance"),
        allow("java.lang.Class",                  "cast"),
        allow("java.lang.Class",                  "isAssignableFrom"),
        allow("java.lang.Class",                  "isArray"),
        allow("java.lang.Class",                  "isPrimitive"),
        allow("java.lang.Class",                  "isInterface"),
        allow("java.lang.Class",                  "isEnum"),
        allow("java.lang.Class",                  "isRecord"),
        allow("java.lang.Class",                  "getComponentType"),
        allow("java.lang.Class",                  "componentType"),
        allow("java.lang.Class",                  "arrayType"),
        allow("java.lang.Class",                  "desiredAssertionStatus"),
        allow("java.lang.Class",                  "toString"),
        allow("java.lang.Class",                  "hashCode"),
        allow("java.lang.Class",                  "equals"),
        deny ("java.lang.System",                 "exit",                                               PROCESS),
        deny ("java.lang.System",                 "gc",                                                 PROCESS),
        deny ("java.lang.System",                 "runFinalization",                                    PROCESS),
        deny ("java.lang.System",                 "getenv",                                             ENVIRONMENT),
        deny ("java.lang.System",                 "getProperty",                                        ENVIRONMENT),
        deny ("java.lang.System",                 "getProperties",                                      ENVIRONMENT),
        deny ("java.lang.System",                 "setProperty",                                        JVM_STATE),
        deny ("java.lang.System",                 "setProperties",                                      JVM_STATE),
        deny ("java.lang.System",                 "clearProperty",                                      JVM_STATE),
        deny ("java.lang.System",                 "setIn",                                              JVM_STATE),
        deny ("java.lang.System",                 "setOut",                                             JVM_STATE),
        deny ("java.lang.System",                 "setErr",                                             JVM_STATE),
        deny ("java.lang.System",                 "load",                                               NATIVE),
        deny ("java.lang.System",                 "loadLibrary",                                        NATIVE),
        deny ("java.lang.System",                 "in",                                                 STDIN),
        deny ("java.lang.System",                 "console",                                            STDIN),
        deny ("java.lang.System",                 "inheritedChannel",                                   IO),
        deny ("java.lang.System",                 "getSecurityManager",                                 SECURITY),
        deny ("java.lang.System",                 "setSecurityManager",                                 SECURITY),
        deny ("java.lang.System",                 "currentTimeMillis",                                  WALL_CLOCK),
        deny ("java.lang.System",                 "getLogger",                                          LOGGING),
        deny ("java.lang.System$Logger",                                                                LOGGING),
        deny ("java.lang.System$LoggerFinder",                                                          LOGGING),
        deny ("java.lang.IO",                     "readln",                                             STDIN),
        deny ("java.lang.Integer",                "getInteger",                                         ENVIRONMENT),
        deny ("java.lang.Long",                   "getLong",                                            ENVIRONMENT),
        deny ("java.lang.Boolean",                "getBoolean",                                         ENVIRONMENT),
        deny ("java.lang.Math",                   "random",                                             RANDOM),
        allow("java.lang.annotation."),
        allow("java.lang.constant."),
        allow("java.lang.invoke.SerializedLambda"),
        deny ("java.lang.invoke.",                                                                      REFLECTION),
        deny ("java.lang.runtime.",                                                                     REFLECTION),
        deny ("java.lang.reflect.",                                                                     REFLECTION),
        deny ("java.lang.ref.",                                                                         GC),
        deny ("java.lang.module.",                                                                      CLASS_LOADING),
        deny ("java.lang.instrument.",                                                                  CLASS_LOADING),
        deny ("java.lang.classfile.",                                                                   CLASS_LOADING),
        deny ("java.lang.management.",                                                                  PROCESS),
        deny ("java.lang.foreign.",                                                                     NATIVE),

        allow("java.util."),
        deny ("java.util.ServiceLoader",                                                                CLASS_LOADING),
        deny ("java.util.spi.",                                                                         CLASS_LOADING),
        deny ("java.util.jar.",                                                                         CLASS_LOADING),
        deny ("java.util.zip.ZipFile",                                                                  FILES),
        deny ("java.util.prefs.",                                                                       ENVIRONMENT),
        deny ("java.util.logging.",                                                                     LOGGING),
        deny ("java.util.Timer",                                                                        THREADS),
        deny ("java.util.TimerTask",                                                                    THREADS),
        deny ("java.util.Formatter",              "<init>(Ljava/lang/String;",                          FILES),
        deny ("java.util.Random",                 "<init>()V",                                          RANDOM),
        deny ("java.util.SplittableRandom",       "<init>()V",                                          RANDOM),
        deny ("java.util.UUID",                   "randomUUID",                                         RANDOM),
        deny ("java.util.Collections",            "shuffle(Ljava/util/List;)V",                         RANDOM),
        deny ("java.util.random.RandomGenerator", "getDefault",                                         RANDOM),
        deny ("java.util.random.RandomGenerator", "of",                                                 RANDOM),
        deny ("java.util.random.RandomGeneratorFactory", "create()",                                    RANDOM),
        deny ("java.util.concurrent.ThreadLocalRandom",                                                 RANDOM),
        deny ("java.util.Date",                   "<init>()V",                                          WALL_CLOCK),
        deny ("java.util.Calendar",               "getInstance",                                        WALL_CLOCK),
        deny ("java.util.GregorianCalendar",      "<init>()V",                                          WALL_CLOCK),
        deny ("java.util.GregorianCalendar",      "<init>(Ljava/util/TimeZone;",                        WALL_CLOCK),
        deny ("java.util.GregorianCalendar",      "<init>(Ljava/util/Locale;)V",                        WALL_CLOCK),
        deny ("java.util.Locale",                 "getDefault",                                         ENVIRONMENT),
        deny ("java.util.Locale",                 "setDefault",                                         JVM_STATE),
        deny ("java.util.TimeZone",               "getDefault",                                         ENVIRONMENT),
        deny ("java.util.TimeZone",               "setDefault",                                         JVM_STATE),
        deny ("java.util.",                       "parallelStream",                                     SHARED_POOL),
        deny ("java.util.stream.",                "parallel",                                           SHARED_POOL),
        deny ("java.util.Arrays",                 "parallelSort",                                       SHARED_POOL),
        deny ("java.util.Arrays",                 "parallelSetAll",                                     SHARED_POOL),
        deny ("java.util.Arrays",                 "parallelPrefix",                                     SHARED_POOL),
        deny ("java.util.concurrent.Executor",                                                          THREADS),
        deny ("java.util.concurrent.Executors",                                                         THREADS),
        deny ("java.util.concurrent.ExecutorService",                                                   THREADS),
        deny ("java.util.concurrent.AbstractExecutorService",                                           THREADS),
        deny ("java.util.concurrent.ScheduledExecutorService",                                          THREADS),
        deny ("java.util.concurrent.ThreadPoolExecutor",                                                THREADS),
        deny ("java.util.concurrent.ScheduledThreadPoolExecutor",                                       THREADS),
        deny ("java.util.concurrent.ExecutorCompletionService",                                         THREADS),
        deny ("java.util.concurrent.ThreadFactory",                                                     THREADS),
        deny ("java.util.concurrent.StructuredTaskScope",                                               THREADS),
        deny ("java.util.concurrent.SubmissionPublisher",                                               THREADS),
        deny ("java.util.concurrent.ForkJoinPool",                                                      SHARED_POOL),
        deny ("java.util.concurrent.ForkJoinTask",                                                      SHARED_POOL),
        deny ("java.util.concurrent.ForkJoinWorkerThread",                                              SHARED_POOL),
        deny ("java.util.concurrent.RecursiveTask",                                                     SHARED_POOL),
        deny ("java.util.concurrent.RecursiveAction",                                                   SHARED_POOL),
        deny ("java.util.concurrent.CountedCompleter",                                                  SHARED_POOL),
        deny ("java.util.concurrent.CompletableFuture",                                                 SHARED_POOL),
        deny ("java.util.concurrent.CompletionStage",                                                   SHARED_POOL),
        // A boolean argument makes these streams parallel; it cannot be told apart from sequential in bytecode.
        deny ("java.util.stream.StreamSupport",                                                         SHARED_POOL),
        // Each element on a virtual thread of its own.
        deny ("java.util.stream.Gatherers",       "mapConcurrent",                                      THREADS),
        // ConcurrentHashMap's bulk operations (their first argument, parallelismThreshold, splits the work onto
        // the common pool); the Map methods it shares with every map (forEach(BiConsumer), …) stay allowed.
        deny ("java.util.concurrent.ConcurrentHashMap", "forEach(J",                     SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "forEachKey",                    SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "forEachValue",                  SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "forEachEntry",                  SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "search",                        SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "searchKeys",                    SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "searchValues",                  SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "searchEntries",                 SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduce",                        SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduceToLong",                  SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduceToInt",                   SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduceToDouble",                SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduceKeys",                    SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduceKeysToLong",              SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduceKeysToInt",               SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduceKeysToDouble",            SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduceValues",                  SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduceValuesToLong",            SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduceValuesToInt",             SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduceValuesToDouble",          SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduceEntries",                 SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduceEntriesToLong",           SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduceEntriesToInt",            SHARED_POOL),
        deny ("java.util.concurrent.ConcurrentHashMap", "reduceEntriesToDouble",         SHARED_POOL),

        allow("java.math."),
        allow("java.text."),
        deny ("java.text.spi.",                                                                         CLASS_LOADING),
        allow("java.time."),
        deny ("java.time.",                       "now",                                                WALL_CLOCK),
        deny ("java.time.chrono.",                "dateNow",                                            WALL_CLOCK),
        deny ("java.time.Clock",                  "system",                                             WALL_CLOCK),
        deny ("java.time.Clock",                  "systemUTC",                                          WALL_CLOCK),
        deny ("java.time.Clock",                  "systemDefaultZone",                                  WALL_CLOCK),
        deny ("java.time.InstantSource",          "system",                                             WALL_CLOCK),
        deny ("java.time.ZoneId",                 "systemDefault",                                      ENVIRONMENT),
        deny ("java.time.zone.ZoneRulesProvider",                                                       CLASS_LOADING),

        allow("java.nio."),
        deny ("java.nio.ByteBuffer",              "allocateDirect",                                     NATIVE),
        deny ("java.nio.MappedByteBuffer",                                                              FILES),
        deny ("java.nio.file.",                                                                         FILES),
        deny ("java.nio.channels.",                                                                     IO),
        deny ("java.nio.charset.spi.",                                                                  CLASS_LOADING),

        deny ("java.io.",                                                                               IO),
        deny ("java.io.File",                                                                           FILES),
        deny ("java.io.FileInputStream",                                                                FILES),
        deny ("java.io.FileOutputStream",                                                               FILES),
        deny ("java.io.FileReader",                                                                     FILES),
        deny ("java.io.FileWriter",                                                                     FILES),
        deny ("java.io.RandomAccessFile",                                                               FILES),
        deny ("java.io.Console",                                                                        STDIN),
        allow("java.io.Serializable"),
        allow("java.io.Closeable"),
        allow("java.io.Flushable"),
        allow("java.io.IOException"),
        allow("java.io.UncheckedIOException"),
        allow("java.io.EOFException"),
        allow("java.io.UnsupportedEncodingException"),
        allow("java.io.InputStream"),
        allow("java.io.OutputStream"),
        allow("java.io.Reader"),
        allow("java.io.Writer"),
        allow("java.io.ByteArrayInputStream"),
        allow("java.io.ByteArrayOutputStream"),
        allow("java.io.CharArrayReader"),
        allow("java.io.CharArrayWriter"),
        allow("java.io.StringReader"),
        allow("java.io.StringWriter"),
        allow("java.io.BufferedReader"),
        allow("java.io.BufferedWriter"),
        allow("java.io.InputStreamReader"),
        allow("java.io.OutputStreamWriter"),
        allow("java.io.DataInput"),
        allow("java.io.DataOutput"),
        allow("java.io.DataInputStream"),
        allow("java.io.DataOutputStream"),
        allow("java.io.FilterInputStream"),
        allow("java.io.FilterOutputStream"),
        allow("java.io.PrintStream"),
        deny ("java.io.PrintStream",              "<init>(Ljava/lang/String;",                          FILES),
        allow("java.io.PrintWriter"),
        deny ("java.io.PrintWriter",              "<init>(Ljava/lang/String;",                          FILES),

        deny ("java.security.",                                                                         SECURITY),
        allow("java.security.MessageDigest"),
        allow("java.security.DigestException"),
        allow("java.security.NoSuchAlgorithmException"),
        allow("java.security.GeneralSecurityException"),
        deny ("java.net.",                                                                              NETWORK),
        deny ("java.sql.",                                                                              DATABASE),
        deny ("javax.",                                                                                 INTERNAL),
        deny ("sun.",                                                                                   INTERNAL),
        deny ("sun.misc.Unsafe",                                                                        UNSAFE),
        deny ("jdk.",                                                                                   INTERNAL),
        deny ("com.sun.",                                                                               INTERNAL)
    );
    // @formatter:on

    /** Boxed types, and JDK types whose instances are immutable, so a {@code static final} one holds no state. */
    static final java.util.Set<String> IMMUTABLE_STATIC_TYPES = java.util.Set.of(
            "java/lang/String", "java/lang/Boolean", "java/lang/Character", "java/lang/Byte", "java/lang/Short",
            "java/lang/Integer", "java/lang/Long", "java/lang/Float", "java/lang/Double",
            "java/math/BigInteger", "java/math/BigDecimal", "java/math/MathContext", "java/math/RoundingMode",
            "java/util/regex/Pattern", "java/util/UUID", "java/nio/charset/Charset",
            "java/time/Duration", "java/time/Period", "java/time/Instant", "java/time/LocalDate",
            "java/time/LocalTime", "java/time/LocalDateTime", "java/time/ZoneOffset",
            "java/time/temporal/ChronoUnit", "java/util/concurrent/TimeUnit");

    private JdkSafeSet() {
    }

    /** The deciding rule for a type reference ({@code memberKey == null}) or a member, or null if none matches. */
    static Rule find(String className, String memberKey) {
        Rule best = null;
        for (Rule rule : RULES) {
            if (rule.matchesOwner(className) && (memberKey == null ? rule.member() == null
                    : rule.matchesMember(memberKey)) && (best == null || rule.specificity() > best.specificity())) {
                best = rule;
            }
        }
        return best;
    }

    private static Rule allow(String owner) {
        return new Rule(owner, null, Access.ALLOW, null);
    }

    private static Rule allow(String owner, String member) {
        return new Rule(owner, member, Access.ALLOW, null);
    }

    private static Rule deny(String owner, String why) {
        return new Rule(owner, null, Access.DENY, why);
    }

    private static Rule deny(String owner, String member, String why) {
        return new Rule(owner, member, Access.DENY, why);
    }

    private static Rule type(String owner, String why) {
        return new Rule(owner, null, Access.TYPE_ONLY, why);
    }
}
