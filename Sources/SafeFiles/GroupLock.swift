import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a group folder for every command that writes into it, so two `collect`
/// runs at once cannot both read the old `collected.csv` and each write back only their own rows.
///
/// The lock is `flock(2)` on the folder itself: no lock file to leave behind or to mistake for
/// input, and the system drops it when the process ends, however it ends.
public final class GroupLock {
    private let fd: Int32

    /// Takes the lock, waiting while another run holds it; `waiting` is called once before the wait
    /// so the caller can say why nothing is happening.
    public init(folder: String, waiting: () -> Void) throws(WriteError) {
        fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw WriteError(path: folder, cause: WriteError.Cause(errno: errno)) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return }
        guard errno == EWOULDBLOCK else {
            let cause = WriteError.Cause(errno: errno)
            close(fd)
            throw WriteError(path: folder, cause: cause)
        }
        waiting()
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let cause = WriteError.Cause(errno: errno)
            close(fd)
            throw WriteError(path: folder, cause: cause)
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
