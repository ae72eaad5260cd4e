import Foundation

/// Each member's place by its ID, for `LeanLoad.walk`: the IDs' bytes one after another in one
/// store, and a table of 8-byte slots. A `[String: Int]` takes 24 bytes a bucket, and while it
/// grows it holds its old and new buckets at once: on a 300,000-member file it was 12.6 MB of the
/// 71 MB of heap at the load's peak (valgrind massif).
///
/// The table is open-addressed with linear probing, a power of two long and at most three
/// quarters full. A slot is 0 when empty, else the ID's hash's high 32 bits above its place + 1,
/// so a probe compares an ID's bytes only when the hashes agree. The hash is Swift's `Hasher`,
/// seeded afresh for each process: IDs cannot be chosen in a file to fall on one slot and make
/// every lookup a scan.
///
/// The IDs are compared byte for byte: the walk files only printable ASCII IDs, whose strings
/// are equal exactly when their bytes are.
struct MemberIndex: Sendable {
    /// The IDs' bytes, place by place.
    private var bytes: [UInt8] = []
    /// Where place i's ID ends in `bytes` (it starts where place i − 1's ends).
    private var ends: [UInt32] = []
    private var slots: [UInt64] = []

    /// How many IDs are filed (places 0 to count − 1).
    var count: Int { ends.count }

    /// What `fileNext` did.
    enum Filing: Equatable {
        /// Filed under place `count` − 1 (it was not filed before).
        case filed
        /// Filed before, under this place; nothing changed.
        case existing(Int)
        /// Not filed: the store's 32-bit offsets or places would overflow (beyond any file that
        /// is read: inputs stop at 256 MiB).
        case full
    }

    /// Room for `count` IDs without the table growing.
    mutating func reserveCapacity(_ count: Int) {
        let needed = Self.tableSize(for: count)
        if needed > slots.count { rehash(to: needed) }
        ends.reserveCapacity(count)
    }

    /// The place `id` is filed under, if any.
    func place(of id: UnsafeRawBufferPointer) -> Int? {
        guard !slots.isEmpty else { return nil }
        let hash = Self.hash(id)
        return find(id, hash: hash).place
    }

    /// Whether `id` is the ID filed under `place` (a place below `count`): no hash worked out.
    func holds(_ place: Int, _ id: UnsafeRawBufferPointer) -> Bool { equals(place, id) }

    /// Files `id` under the next place unless it is filed already (see `Filing`).
    mutating func fileNext(_ id: UnsafeRawBufferPointer) -> Filing {
        guard ends.count < Int(UInt32.max - 1), bytes.count + id.count <= Int(UInt32.max) else { return .full }
        if (ends.count + 1) * 4 > slots.count * 3 { rehash(to: Self.tableSize(for: ends.count + 1)) }
        let hash = Self.hash(id)
        let (place, at) = find(id, hash: hash)
        if let place { return .existing(place) }
        bytes.append(contentsOf: id)
        ends.append(UInt32(bytes.count))
        slots[at] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(ends.count)
        return .filed
    }

    /// The smallest power-of-two table, of 8 slots or more, at most three quarters full with `count` IDs.
    private static func tableSize(for count: Int) -> Int {
        var size = 8
        while count * 4 > size * 3 { size *= 2 }
        return size
    }

    private static func hash(_ id: UnsafeRawBufferPointer) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(bytes: id)
        return UInt64(UInt(bitPattern: hasher.finalize()))
    }

    /// The ID's place if filed, and the slot where probing for it stopped (the empty slot it
    /// would be filed in when not).
    private func find(_ id: UnsafeRawBufferPointer, hash: UInt64) -> (place: Int?, at: Int) {
        let mask = slots.count - 1
        var at = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[at]
            if slot == 0 { return (nil, at) }
            if slot & 0xFFFF_FFFF_0000_0000 == hash & 0xFFFF_FFFF_0000_0000 {
                let place = Int(slot & 0xFFFF_FFFF) - 1
                if equals(place, id) { return (place, at) }
            }
            at = (at + 1) & mask
        }
    }

    private func equals(_ place: Int, _ id: UnsafeRawBufferPointer) -> Bool {
        let start = place == 0 ? 0 : Int(ends[place - 1])
        let end = Int(ends[place])
        guard end - start == id.count else { return false }
        return bytes.withUnsafeBytes { stored in
            id.isEmpty || memcmp(stored.baseAddress! + start, id.baseAddress!, id.count) == 0
        }
    }

    /// A table of `size` slots holding every filed ID (their hashes worked out again).
    private mutating func rehash(to size: Int) {
        slots = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        bytes.withUnsafeBytes { stored in
            var start = 0
            for place in ends.indices {
                let end = Int(ends[place])
                let hash = Self.hash(UnsafeRawBufferPointer(rebasing: stored[start..<end]))
                var at = Int(truncatingIfNeeded: hash) & mask
                while slots[at] != 0 { at = (at + 1) & mask }
                slots[at] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(place + 1)
                start = end
            }
        }
    }
}
