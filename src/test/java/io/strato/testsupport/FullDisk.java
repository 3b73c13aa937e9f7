package io.strato.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.store.fs.FileBaseDefault;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * A disk that can fill up, for the embedded H2 store: H2's own file-system layer ({@code
 * jdbc:h2:fulldisk:/dir/strato}) over the real files, where every write and every sync fails with
 * the IOException the JDK raises on ENOSPC while the disk is {@linkplain #fill() full}. Reads pass
 * through. Mounting a small tmpfs or loop file system needs root and a kernel that allows it, which
 * test machines here do not give; this fails the same calls a full disk fails, below H2, so H2's
 * own handling of the failure is what gets tested.
 *
 * <p>All writes fail, even in-place ones a real file system could still satisfy from blocks the
 * file already owns: a stricter disk than a real one, so the outcome does not depend on where H2
 * happens to write.
 */
public final class FullDisk extends FilePathWrapper {

  public static final String SCHEME = "fulldisk";

  private static final AtomicBoolean FULL = new AtomicBoolean();
  private static final AtomicLong REFUSED = new AtomicLong();

  /** Makes {@code jdbc:h2:fulldisk:...} URLs work in this class loader; idempotent. */
  public static void register() {
    FilePath.register(new FullDisk());
  }

  public static void fill() {
    FULL.set(true);
  }

  public static void free() {
    FULL.set(false);
  }

  /** Writes and syncs refused since the JVM started. */
  public static long refused() {
    return REFUSED.get();
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    return new Channel(getBase().open(mode));
  }

  private static void refuseWhenFull() throws IOException {
    if (FULL.get()) {
      REFUSED.incrementAndGet();
      throw new IOException("No space left on device");
    }
  }

  /** The real file's channel, with writes that fail while the disk is full. */
  private static final class Channel extends FileBaseDefault {

    private final FileChannel base;

    Channel(FileChannel base) {
      this.base = base;
    }

    @Override
    public long size() throws IOException {
      return base.size();
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return base.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      refuseWhenFull();
      return base.write(src, position);
    }

    @Override
    protected void implTruncate(long newLength) throws IOException {
      refuseWhenFull();
      base.truncate(newLength);
    }

    @Override
    public void force(boolean metaData) throws IOException {
      refuseWhenFull();
      base.force(metaData);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return base.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      base.close();
    }
  }
}
