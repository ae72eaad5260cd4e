import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a file could not be written: the cause as data; the words live in the presentation layer.
public struct WriteError: Error, Sendable, Equatable {
    public enum Cause: Sendable, Equatable {
        /// The file is there and `--force` was not given (also when it appeared while writing).
        case exists
        /// The path names a symbolic link, which the writer never follows.
        case symbolicLink
        /// The path names a folder, a device or a named pipe, which is never replaced (not even
        /// with `--force`: renaming a file over /dev/null would replace the device).
        case notAFile
        /// A part of the path is not a folder, or the folder does not exist.
        case noSuchFolder
        case permissionDenied
        case noSpace
        case readOnlyFileSystem
        case ioError
        case nameTooLong
        /// Anything else, with the system's own text.
        case other(errno: Int32, description: String)

        public init(errno code: Int32) {
            switch code {
            case EEXIST: self = .exists
            case ELOOP: self = .symbolicLink
            case ENOENT, ENOTDIR: self = .noSuchFolder
            case EACCES, EPERM: self = .permissionDenied
            case ENOSPC, EDQUOT: self = .noSpace
            case EROFS: self = .readOnlyFileSystem
            case EIO: self = .ioError
            case ENAMETOOLONG: self = .nameTooLong
            default: self = .other(errno: code, description: String(cString: strerror(code)))
            }
        }
    }

    public var path: String
    public var cause: Cause

    public init(path: String, cause: Cause) {
        self.path = path
        self.cause = cause
    }
}

/// The one way this tool writes a file.
///
/// - atomic: the bytes go to a temporary file in the same folder, are flushed to disk (`fsync`),
///   and only then take the real name, so a reader or an interrupted run sees the old file or the
///   new one, never half of one; the folder is flushed after the rename so the name survives a
///   power cut;
/// - never over an existing file unless asked: a new file takes its name with `link(2)`, which fails
///   if the name exists — there is no window between a check and the rename in which a file that
///   appears could be replaced;
/// - a replaced file keeps its permission bits;
/// - never through a symbolic link: the last path component must not be a link (a folder link
///   the user named in the path is followed, as the user asked);
/// - temporary files are named `.groupprod-PID-….tmp`; one left by a killed run is removed by the
///   next write into that folder (`staleTemporaries`), which reports it.
public enum OutputFile {
    public static let temporaryPrefix = ".groupprod-"
    public static let temporarySuffix = ".tmp"

    /// One file to write, for `write(_:overwrite:)` of a whole set.
    public struct Item: Sendable {
        public var path: String
        public var data: Data
        public init(path: String, data: Data) {
            self.path = path
            self.data = data
        }
    }

    /// Writes `data` to `path` atomically; replaces an existing file only when `overwrite` is true.
    public static func write(_ data: Data, to path: String, overwrite: Bool) throws(WriteError) {
        try write([Item(path: path, data: data)], overwrite: overwrite)
    }

    /// Writes a set of files all or nothing, as far as a file system allows: every temporary file is
    /// written and flushed first (a full disk or a bad name fails before any real name is touched);
    /// then each takes its name; if one cannot, the new files already placed are removed again.
    /// Files replaced under `overwrite` cannot be restored and are replaced last.
    public static func write(_ items: [Item], overwrite: Bool) throws(WriteError) {
        var staged: [Staged] = []
        for item in items {
            do {
                staged.append(
                    try stage(item.path, overwrite: overwrite) { write in
                        item.data.withUnsafeBytes(write)
                        return 0
                    })
            } catch {
                for s in staged { unlink(s.temporary) }
                throw error
            }
        }
        try place(staged)
    }

    /// Writes one file atomically from content produced in pieces: `produce` calls its argument
    /// with each piece in order, and the pieces go straight to the temporary file, so a large
    /// output is never held whole. Same guarantees as `write(_:to:overwrite:)`.
    public static func write(
        to path: String, overwrite: Bool, producing produce: (_ write: (UnsafeRawBufferPointer) -> Void) -> Void
    ) throws(WriteError) {
        try withoutActuallyEscaping(produce) { (produce) throws(WriteError) in
            try place([
                stage(path, overwrite: overwrite) { write in
                    produce(write)
                    return 0
                }
            ])
        }
    }

    /// As `write(to:overwrite:producing:)` for content that can fail to be produced (read from
    /// another file): `produce` returns 0, or the errno of its own failure, and then nothing is
    /// placed and the failure is thrown, as a failed write is.
    public static func write(
        to path: String, overwrite: Bool, producingOrFailing produce: (_ write: (UnsafeRawBufferPointer) -> Void) -> Int32
    ) throws(WriteError) {
        try place([stage(path, overwrite: overwrite, produce)])
    }

    /// A temporary file written and flushed beside the name it is to take.
    private struct Staged {
        var path: String
        var temporary: String
        var replaces: Bool
    }

    private static func stage(
        _ path: String, overwrite: Bool, _ produce: (_ write: (UnsafeRawBufferPointer) -> Void) -> Int32
    ) throws(WriteError) -> Staged {
        let existing = try inspect(path)
        if existing != nil && !overwrite { throw WriteError(path: path, cause: .exists) }
        let temporary = try writeTemporary(beside: path, mode: existing, produce)
        return Staged(path: path, temporary: temporary, replaces: existing != nil)
    }

    /// Gives each staged file its name, new names first: they can be taken back if a later one fails.
    private static func place(_ staged: [Staged]) throws(WriteError) {
        var placed: [String] = []
        for s in staged.sorted(by: { !$0.replaces && $1.replaces }) {
            let result: Int32 = s.replaces ? rename(s.temporary, s.path) : link(s.temporary, s.path)
            if result != 0 {
                let cause = WriteError.Cause(errno: errno)
                for s in staged { unlink(s.temporary) }
                for path in placed { unlink(path) }
                throw WriteError(path: s.path, cause: cause)
            }
            if !s.replaces {
                unlink(s.temporary)
                placed.append(s.path)
            }
        }
        for folder in Set(staged.map { folderOf($0.path) }) { syncFolder(folder) }
    }

    /// Temporary files a killed run left in `folder` (their process is gone): removed, and returned
    /// so the caller can say so.
    public static func removeStaleTemporaries(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(temporaryPrefix) && name.hasSuffix(temporarySuffix) {
            let middle = name.dropFirst(temporaryPrefix.count)
            guard let pid = middle.split(separator: "-").first.flatMap({ pid_t($0) }) else { continue }
            // kill(pid, 0) fails with ESRCH when no such process exists.
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                let path = (folder as NSString).appendingPathComponent(name)
                if unlink(path) == 0 { removed.append(path) }
            }
        }
        return removed.sorted()
    }

    /// The mode of the file at `path` if one is there; an error if it is a link or not a file.
    private static func inspect(_ path: String) throws(WriteError) -> mode_t? {
        var info = stat()
        if lstat(path, &info) != 0 {
            if errno == ENOENT { return nil }
            throw WriteError(path: path, cause: WriteError.Cause(errno: errno))
        }
        if (info.st_mode & S_IFMT) == S_IFLNK { throw WriteError(path: path, cause: .symbolicLink) }
        if (info.st_mode & S_IFMT) != S_IFREG { throw WriteError(path: path, cause: .notAFile) }
        return info.st_mode & 0o7777
    }

    private static func folderOf(_ path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    private static func writeTemporary(
        beside path: String, mode: mode_t?, _ produce: (_ write: (UnsafeRawBufferPointer) -> Void) -> Int32
    ) throws(WriteError) -> String {
        let folder = folderOf(path)
        let name = "\(temporaryPrefix)\(getpid())-\(UUID().uuidString.prefix(8))\(temporarySuffix)"
        let temporary = (folder as NSString).appendingPathComponent(name)
        // O_EXCL | O_NOFOLLOW: never open something that is already there. 0o666 is narrowed by the umask.
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
        if fd < 0 { throw WriteError(path: path, cause: WriteError.Cause(errno: errno)) }
        var failure: Int32 = 0
        if let mode, fchmod(fd, mode) != 0 { failure = errno }
        if failure == 0 {
            let own = produce { buffer in
                // After a failed write the rest is not written; the error is reported below.
                guard failure == 0 else { return }
                failure = writeAll(fd, buffer)
            }
            if failure == 0 { failure = own }
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw WriteError(path: path, cause: WriteError.Cause(errno: failure))
        }
        return temporary
    }

    /// Writes all of `buffer` to `fd`, retrying after a signal; 0, or the errno of the failure.
    public static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < buffer.count {
            let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return 0
    }

    private static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
