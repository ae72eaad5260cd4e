#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's bytes to parse: the file mapped read-only when it is a regular file of 1 MiB or more,
/// else bytes copied into memory of their own.
///
/// A pass over a mapped file can give back the pages it has finished with (`release`), so that a
/// large file is never resident whole: reading it then costs a window of pages, not the file's size.
/// A released page that is touched again is read again from the file, so releasing never changes
/// what is read. (A file cut short by another program while it is mapped raises SIGBUS when a page
/// past its new end is touched; the command-line tool turns that into an error message.)
public struct ByteBuffer: RandomAccessCollection, Sendable {
    private let storage: Storage
    private let offset: Int
    public let count: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    @inline(__always) public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "ByteBuffer index out of range")
        return storage.base[offset + index]
    }

    /// A copy of `bytes`.
    public init(_ bytes: [UInt8]) {
        storage = Storage(copying: bytes)
        offset = 0
        count = bytes.count
    }

    private init(storage: Storage, offset: Int, count: Int) {
        self.storage = storage
        self.offset = offset
        self.count = count
    }

    /// The regular file at `path`, mapped when it has at least `mappedFrom` bytes, read into
    /// memory otherwise; nil when it cannot be opened or read, or is not a regular file (a named
    /// pipe, a device, a socket: opened without waiting for a writer, and never read, as reading
    /// one may wait for ever or never end). The size is taken once: bytes a writer appends later
    /// are not read.
    public static func file(_ path: String) -> ByteBuffer? {
        // O_NONBLOCK: opening a named pipe otherwise waits until something opens it to write. It
        // changes nothing for a regular file, whose reads never wait.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        if size >= mappedFrom, let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED {
            let storage = Storage(mapped: mapped, length: size)
            return ByteBuffer(storage: storage, offset: 0, count: storage.length)
        }
        // Read at its size in one buffer (a file cut short meanwhile gives what was there).
        let memory = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(size, 1), alignment: 16)
        var done = 0
        while done < size {
            let n = read(fd, memory + done, size - done)
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                memory.deallocate()
                return nil
            }
            if n == 0 { break }
            done += n
        }
        let storage = Storage(owning: memory.assumingMemoryBound(to: UInt8.self), length: done)
        return ByteBuffer(storage: storage, offset: 0, count: done)
    }

    /// The bytes after the first `n` (sharing the same memory).
    public func dropping(first n: Int) -> ByteBuffer {
        let n = Swift.min(Swift.max(n, 0), count)
        return ByteBuffer(storage: storage, offset: offset + n, count: count - n)
    }

    /// The smallest file mapped rather than read. Mapping and unmapping cost more than copying a
    /// small file, and a folder portfolio reads thousands: on two threads every unmapping
    /// interrupted the other core to flush its address cache (about a tenth of the time for
    /// 3,000 folders of 5 and 27 KB files).
    public static let mappedFrom = 1 << 20

    /// Whether the bytes are a mapped file whose pages `release` gives back.
    public var isMapped: Bool { storage.isMapped }

    /// Calls `body` with the bytes in place (valid only during the call).
    public func withUnsafeBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base + offset, count: count))
    }

    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try withUnsafeBytes(body)
    }

    /// Gives back the whole pages of a mapped file that lie within `range` (a no-op for bytes in
    /// memory): a pass calls it behind itself for the bytes it has finished with.
    public func release(_ range: Range<Int>) {
        guard storage.isMapped, !range.isEmpty else { return }
        storage.release(from: offset + Swift.max(range.lowerBound, 0), to: offset + Swift.min(range.upperBound, count))
    }

    /// How many bytes a pass reads between two `release` calls. At 8 MiB, a 300,000-member
    /// report's peak was 91,724-92,320 KiB and the bench portfolio's 44,308-47,168; at 2 MiB
    /// 87,848-88,852 and 37,948-39,652 (six alternating runs each), with no time lost: the
    /// passes over a 97 MB file then make some 120 madvise calls, not 33. (1 MiB gained nothing more.)
    public static let releaseStride = 2 << 20

    final class Storage: @unchecked Sendable {
        let base: UnsafePointer<UInt8>
        let length: Int
        let isMapped: Bool
        private static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

        init(copying bytes: [UInt8]) {
            let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(bytes.count, 1))
            bytes.withUnsafeBufferPointer { source in
                if let from = source.baseAddress { memory.initialize(from: from, count: source.count) }
            }
            base = UnsafePointer(memory)
            length = bytes.count
            isMapped = false
        }

        /// Takes `memory` (allocated, initialised for `length` bytes) as its own.
        init(owning memory: UnsafeMutablePointer<UInt8>, length: Int) {
            base = UnsafePointer(memory)
            self.length = length
            isMapped = false
        }

        init(mapped: UnsafeMutableRawPointer, length: Int) {
            base = UnsafePointer(mapped.assumingMemoryBound(to: UInt8.self))
            self.length = length
            isMapped = true
        }

        /// madvise(DONTNEED) on the whole pages between the two offsets: the kernel drops them
        /// from this process and faults them in from the file if they are touched again.
        func release(from start: Int, to end: Int) {
            let page = Storage.page
            let first = (start + page - 1) / page * page
            let last = end >= length ? (length + page - 1) / page * page : end / page * page
            guard last > first else { return }
            _ = madvise(UnsafeMutableRawPointer(mutating: base + first), last - first, Int32(MADV_DONTNEED))
        }

        deinit {
            if isMapped {
                munmap(UnsafeMutableRawPointer(mutating: base), length)
            } else {
                UnsafeMutablePointer(mutating: base).deallocate()
            }
        }
    }
}

/// What a path names, through symbolic links, as `stat` tells without opening it (opening a
/// named pipe waits until something opens it to write).
public enum PathKind: Sendable, Equatable {
    case regularFile
    case directory
    /// A named pipe, a device or a socket: never read, as reading one may wait for ever (a pipe
    /// with no writer) or never end (/dev/zero).
    case special
    /// Nothing there (or a link to nothing), or not allowed to look.
    case missing

    public init(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            self = .missing
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: self = .regularFile
        case S_IFDIR: self = .directory
        default: self = .special
        }
    }
}
