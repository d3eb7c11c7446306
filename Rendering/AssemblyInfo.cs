using System.Runtime.CompilerServices;

// Traversal keeps its node stack in stackalloc'd spans, one per ray and BVH level; the runtime would
// otherwise zero up to 2 KiB per ray before it is written. Every stack slot is written before it is read.
[module: SkipLocalsInit]
