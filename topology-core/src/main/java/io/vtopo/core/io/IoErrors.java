package io.vtopo.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The operating system's reason for a failed file operation, in the words {@code ls} or {@code cat}
 * would use ({@code no such file or directory}, {@code permission denied}). Java's {@link
 * NoSuchFileException} and friends carry only the path as their message, so printing {@code
 * getMessage()} loses the reason.
 */
public final class IoErrors {
  private IoErrors() {}

  /** The reason alone: {@code permission denied}. */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    } else if (e instanceof AccessDeniedException) {
      return "permission denied";
    } else if (e instanceof FileAlreadyExistsException) {
      return "file exists";
    } else if (e instanceof NotDirectoryException) {
      return "not a directory";
    } else if (e instanceof DirectoryNotEmptyException) {
      return "directory not empty";
    } else if (e instanceof FileSystemException f && f.getReason() != null) {
      // The JDK passes strerror() text here: "Is a directory", "Read-only file system", "No space
      // left on device".
      return lower(f.getReason());
    }
    // Native reads report strerror() text as the message: "Is a directory".
    return e.getMessage() == null ? e.getClass().getSimpleName() : lower(e.getMessage());
  }

  private static String lower(String r) {
    boolean word =
        r.length() > 1 && Character.isUpperCase(r.charAt(0)) && Character.isLowerCase(r.charAt(1));
    return word ? Character.toLowerCase(r.charAt(0)) + r.substring(1) : r;
  }

  /** {@code cannot write out.svg: no such file or directory}. */
  public static String describe(String action, String path, IOException e) {
    return action + " " + path + ": " + reason(e);
  }
}
