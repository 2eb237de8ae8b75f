namespace ContinualCluster.Learning.Datasets;

/// <summary>The decoded contents of an IDX3 image file: raw bytes, row-major, one image after another.</summary>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels);
