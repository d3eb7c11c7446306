using System.Runtime.Intrinsics;

namespace OrleansBridge.Rendering.Acceleration;

/// <summary>
/// Turns a binary BVH into a 4-wide one with the same leaves: each 4-wide node takes a binary node's
/// children and keeps opening the one with the largest surface area (the most likely to be hit) until
/// it has four (Wald, Benthin and Boulos, "Getting rid of packets", RT'08, section 3).
/// </summary>
internal static class Bvh4Collapser
{
    /// <summary>
    /// The 4-wide nodes, root at 0. Each binary leaf becomes the reference <paramref name="leaf"/>
    /// returns for its primitive range (first, count): a range of the primitive order, or a pack index.
    /// </summary>
    public static Bvh4Node[] Collapse(BinaryNode[] binary, Func<int, int, int> leaf)
    {
        var nodes = new List<Bvh4Node>((binary.Length / 2) + 1);
        if (binary.Length == 1 && !binary[0].IsLeaf)
        {
            // No primitives at all: a root whose four slots are empty.
            return [MakeNode(binary, [], nodes, leaf)];
        }

        if (binary[0].IsLeaf)
        {
            // A single-leaf tree still needs a 4-wide root above its leaf.
            nodes.Add(default);
            nodes[0] = MakeNode(binary, [0], nodes, leaf);
            return [.. nodes];
        }

        CollapseInner(binary, 0, nodes, leaf);
        return [.. nodes];
    }

    private static int CollapseInner(BinaryNode[] binary, int index, List<Bvh4Node> nodes, Func<int, int, int> leaf)
    {
        Span<int> children = stackalloc int[4];
        children[0] = binary[index].LeftOrFirst;
        children[1] = binary[index].LeftOrFirst + 1;
        var count = 2;
        while (count < 4)
        {
            var open = -1;
            var largest = float.NegativeInfinity;
            for (var i = 0; i < count; i++)
            {
                var child = binary[children[i]];
                if (!child.IsLeaf && child.SurfaceArea > largest)
                {
                    largest = child.SurfaceArea;
                    open = i;
                }
            }

            if (open < 0)
            {
                break;
            }

            var opened = binary[children[open]].LeftOrFirst;
            children[open] = opened;
            children[count++] = opened + 1;
        }

        var slot = nodes.Count;
        nodes.Add(default);
        nodes[slot] = MakeNode(binary, children[..count], nodes, leaf);
        return slot;
    }

    private static Bvh4Node MakeNode(BinaryNode[] binary, ReadOnlySpan<int> children, List<Bvh4Node> nodes, Func<int, int, int> leaf)
    {
        Span<float> planes = stackalloc float[24];
        Span<int> references = stackalloc int[4];
        for (var slot = 0; slot < 4; slot++)
        {
            if (slot >= children.Length)
            {
                for (var axis = 0; axis < 3; axis++)
                {
                    planes[(axis * 4) + slot] = float.PositiveInfinity;
                    planes[((axis + 3) * 4) + slot] = float.NegativeInfinity;
                }

                references[slot] = 0;
                continue;
            }

            var child = binary[children[slot]];
            planes[slot] = child.Min.X;
            planes[4 + slot] = child.Min.Y;
            planes[8 + slot] = child.Min.Z;
            planes[12 + slot] = child.Max.X;
            planes[16 + slot] = child.Max.Y;
            planes[20 + slot] = child.Max.Z;
            references[slot] = child.IsLeaf ? leaf(child.LeftOrFirst, child.Count) : CollapseInner(binary, children[slot], nodes, leaf);
        }

        var node = default(Bvh4Node);
        for (var plane = 0; plane < 6; plane++)
        {
            node.Planes[plane] = Vector128.Create(planes.Slice(plane * 4, 4));
        }

        node.Children = Vector128.Create(references);
        return node;
    }
}
