/// A value kept in one heap box that its copies share until one of them is written to, which then
/// takes a box of its own (copy on write, as `Array` does).
///
/// For the records the tool holds by the hundred thousand and passes around a lot (a member's
/// figures): copying one inline retains every string and boxed number in it, one by one, and in a
/// profile of a large portfolio those retains and releases were half of all the work. Boxed, a
/// copy is one retain.
///
/// `@unchecked Sendable`: the box is mutated only through `value`'s `_modify`, and only when this
/// copy holds the sole reference to it, so no other thread can see the write.
struct CopyOnWrite<Value: Sendable>: @unchecked Sendable {
    private final class Box {
        var value: Value
        init(_ value: Value) { self.value = value }
    }
    private var box: Box

    init(_ value: Value) { box = Box(value) }

    var value: Value {
        get { box.value }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
            yield &box.value
        }
    }

    /// Both copies share one box, so their values are equal without comparing them.
    func sharesStorage(with other: CopyOnWrite) -> Bool { box === other.box }
}
