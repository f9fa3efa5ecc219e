package level5;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import ladder.grading.Trial;

/**
 * Loads the learner's classes ({@code ladder.level5.*}) with a {@link Chaos#point()} call before
 * every synchronization step, together with the grader classes that exercise them
 * ({@code level5.*}, so that they link to the instrumented copies), and runs scenario bodies of
 * {@link Races} there. Everything else (the grading engine, the toolkit, {@link Chaos} itself)
 * comes from the parent loader, so violations, hangs and crashes reach the engine as usual and
 * class names in stack traces are the learner's own.
 *
 * <p>Only delays are added: the instrumented code does exactly what the learner wrote.
 */
final class ChaosLoader extends ClassLoader {

    private static final String LEARNER = "ladder.level5.";
    private static final String GRADER = "level5.";
    private static final Set<String> SHARED = Set.of(
            Chaos.class.getName(), ChaosLoader.class.getName(), LifecycleGrader.class.getName());
    private static final String CHAOS = Chaos.class.getName().replace('.', '/');

    private static volatile ChaosLoader instance;

    private final Map<String, Set<String>> volatileFields = new ConcurrentHashMap<>();

    private ChaosLoader(ClassLoader parent) {
        super("level5-chaos", parent);
    }

    private static ChaosLoader get() {
        ChaosLoader l = instance;
        if (l == null) {
            synchronized (ChaosLoader.class) {
                l = instance;
                if (l == null) {
                    instance = l = new ChaosLoader(ChaosLoader.class.getClassLoader());
                }
            }
        }
        return l;
    }

    /**
     * Runs {@code Races.<method>(trial)} against the instrumented learner classes, with the noise
     * on (see {@link Chaos#enable}).
     */
    static void run(String method, Trial trial, int driverPerMillion, int workerPerMillion) throws Exception {
        run(method, trial, driverPerMillion, workerPerMillion, INTERLEAVED_PPM);
    }

    /** The chance per million that a synchronization step yields, in the interleaved phase (yields are cheap). */
    static final int INTERLEAVED_PPM = 50_000;

    static void run(String method, Trial trial, int driverPerMillion, int workerPerMillion, int interleavedPerMillion)
            throws Exception {
        Method m;
        try {
            m = get().loadClass(GRADER + "Races").getMethod(method, Trial.class);
        } catch (LinkageError e) {
            // No ASM on this class path: race without the noise (the rounds still catch most races).
            m = Races.class.getMethod(method, Trial.class);
            driverPerMillion = 0;
            workerPerMillion = 0;
            interleavedPerMillion = 0;
        }
        Chaos.enable(driverPerMillion, workerPerMillion, interleavedPerMillion);
        long before = Chaos.pauses();
        try {
            m.invoke(null, trial);
            trial.metric("scheduling-noise pauses", Chaos.pauses() - before);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) {
                throw ex;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw e;
        } finally {
            Chaos.disable();
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        boolean mine = name.startsWith(LEARNER) || (name.startsWith(GRADER) && !SHARED.contains(name));
        if (!mine) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] bytes = read(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                if (name.startsWith(LEARNER)) {
                    bytes = instrument(bytes);
                }
                c = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private byte[] read(String name) {
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /** The volatile fields of a learner class (internal name), read from its class file. */
    private Set<String> volatileFieldsOf(String internalName) {
        return volatileFields.computeIfAbsent(internalName, n -> {
            Set<String> out = new HashSet<>();
            byte[] b = read(n.replace('/', '.'));
            if (b != null) {
                new ClassReader(b).accept(new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public FieldVisitor visitField(int access, String fname, String desc, String sig, Object value) {
                        if ((access & Opcodes.ACC_VOLATILE) != 0) {
                            out.add(fname);
                        }
                        return null;
                    }
                }, ClassReader.SKIP_CODE);
            }
            return out;
        });
    }

    private static boolean synchronizes(String owner) {
        return owner.startsWith("java/util/concurrent/atomic/")
                || owner.equals("java/lang/invoke/VarHandle")
                || owner.equals("java/util/concurrent/locks/LockSupport")
                || owner.equals("ladder/toolkit/Futex");
    }

    private byte[] instrument(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0); // only no-argument static calls are added: frames and max stack hold
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, desc, sig, exceptions);
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    private void noise() {
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, CHAOS, "point", "()V", false);
                    }

                    @Override
                    public void visitMethodInsn(int op, String owner, String mname, String mdesc, boolean itf) {
                        if (synchronizes(owner)) {
                            noise();
                        }
                        super.visitMethodInsn(op, owner, mname, mdesc, itf);
                    }

                    @Override
                    public void visitFieldInsn(int op, String owner, String fname, String fdesc) {
                        if (owner.startsWith("ladder/level5/") && volatileFieldsOf(owner).contains(fname)) {
                            noise();
                        }
                        super.visitFieldInsn(op, owner, fname, fdesc);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
