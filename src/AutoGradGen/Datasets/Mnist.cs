using System;
using System.Collections.Generic;
using System.IO;

namespace AutoGradGen.Datasets;

/// <summary>One split of an MNIST-format dataset: images of 28 × 28 grey levels and their digit labels.</summary>
public sealed class MnistSplit
{
    /// <summary>Wraps images and labels (not copied), after checking that they agree.</summary>
    /// <param name="pixels"><c>labels.Length</c> × 784 grey levels in [0, 1], row-major, one image after another.</param>
    /// <param name="labels">One digit in 0..9 per image.</param>
    /// <exception cref="ArgumentException">The lengths disagree, or a label or pixel is out of range.</exception>
    public MnistSplit(double[] pixels, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (pixels.Length != (long)labels.Length * Mnist.PixelsPerImage)
        {
            throw new ArgumentException($"{labels.Length} labels need {(long)labels.Length * Mnist.PixelsPerImage} pixels ({Mnist.PixelsPerImage} per image), got {pixels.Length}.", nameof(pixels));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= Mnist.Classes)
            {
                throw new ArgumentException($"Label {i} is {labels[i]}; labels are digits 0..9.", nameof(labels));
            }
        }

        for (int i = 0; i < pixels.Length; i++)
        {
            if (!(pixels[i] >= 0.0 && pixels[i] <= 1.0))
            {
                throw new ArgumentException($"Pixel {i} is {pixels[i]}; pixels are grey levels in [0, 1].", nameof(pixels));
            }
        }

        Pixels = pixels;
        Labels = labels;
    }

    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>
    /// The images as one flat row-major array of <see cref="Count"/> × 784 values: image <c>i</c>
    /// occupies <c>[784 i, 784 (i + 1))</c>, its rows top to bottom, 28 pixels each, left to right.
    /// Values are the file's bytes divided by 255: 0 is background, 1 full ink.
    /// </summary>
    public double[] Pixels { get; }

    /// <summary>The digit (0..9) shown by each image, ready for the class-index losses in <c>Loss</c>.</summary>
    public int[] Labels { get; }

    /// <summary>The 784 pixels of image <paramref name="index"/>.</summary>
    /// <param name="index">An image index in [0, <see cref="Count"/>).</param>
    /// <returns>A view of the image's pixels in <see cref="Pixels"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, <see cref="Count"/>).</exception>
    public ReadOnlySpan<double> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Pixels.AsSpan(index * Mnist.PixelsPerImage, Mnist.PixelsPerImage);
    }
}

/// <summary>An MNIST-format dataset: a training split and a test split.</summary>
public sealed class MnistDataset
{
    /// <summary>Groups two splits.</summary>
    /// <param name="train">The training split.</param>
    /// <param name="test">The test split.</param>
    public MnistDataset(MnistSplit train, MnistSplit test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        Train = train;
        Test = test;
    }

    /// <summary>The training split (the <c>train-*</c> files).</summary>
    public MnistSplit Train { get; }

    /// <summary>The test split (the <c>t10k-*</c> files).</summary>
    public MnistSplit Test { get; }
}

/// <summary>
/// Loads MNIST-format datasets from the four standard IDX files of the MNIST database
/// (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>,
/// <c>t10k-labels-idx1-ubyte</c>, each gzipped with a <c>.gz</c> suffix or not). Any number of
/// images is accepted, so the full 60,000/10,000 database and smaller subsets in the same format
/// load alike. Everything is validated: images must be N × 28 × 28, labels N digits in 0..9.
/// </summary>
public static class Mnist
{
    /// <summary>The width and height of an image, in pixels.</summary>
    public const int ImageSide = 28;

    /// <summary>The number of pixels in an image (28 × 28).</summary>
    public const int PixelsPerImage = ImageSide * ImageSide;

    /// <summary>The number of classes (the digits 0..9).</summary>
    public const int Classes = 10;

    /// <summary>The standard name of the training images file (without <c>.gz</c>).</summary>
    public const string TrainImagesFile = "train-images-idx3-ubyte";

    /// <summary>The standard name of the training labels file (without <c>.gz</c>).</summary>
    public const string TrainLabelsFile = "train-labels-idx1-ubyte";

    /// <summary>The standard name of the test images file (without <c>.gz</c>).</summary>
    public const string TestImagesFile = "t10k-images-idx3-ubyte";

    /// <summary>The standard name of the test labels file (without <c>.gz</c>).</summary>
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte";

    private static readonly string[] StandardFiles = { TrainImagesFile, TrainLabelsFile, TestImagesFile, TestLabelsFile };

    private const string WhereToGetThem =
        "Get them from the MNIST database (http://yann.lecun.com/exdb/mnist/ or a mirror such as "
        + "https://ossci-datasets.s3.amazonaws.com/mnist/), or use the 8,000/2,000-digit subset in the "
        + "AutoGradGen repository's samples/Mnist/Data folder";

    /// <summary>
    /// Loads the training and test splits from <paramref name="directory"/>. For each standard
    /// file name, the uncompressed file is used if present, otherwise the <c>.gz</c> one.
    /// </summary>
    /// <param name="directory">The folder holding the four files.</param>
    /// <returns>Both splits, pixels scaled to [0, 1].</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">Some of the four files are missing; the message lists the names looked for.</exception>
    /// <exception cref="InvalidDataException">A file is not valid IDX, or the files do not form an MNIST split.</exception>
    public static MnistDataset Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException(
                $"MNIST folder '{directory}' does not exist. It should hold {string.Join(", ", StandardFiles)} "
                + $"(each may be gzipped, with a .gz suffix). {WhereToGetThem}.");
        }

        var paths = new string[StandardFiles.Length];
        var missing = new List<string>();
        for (int i = 0; i < StandardFiles.Length; i++)
        {
            string plain = Path.Combine(directory, StandardFiles[i]);
            string gzipped = plain + ".gz";
            paths[i] = File.Exists(plain) ? plain : gzipped;
            if (!File.Exists(paths[i]))
            {
                missing.Add($"{StandardFiles[i]} or {StandardFiles[i]}.gz");
            }
        }

        if (missing.Count > 0)
        {
            throw new FileNotFoundException(
                $"MNIST folder '{directory}' lacks {string.Join("; ", missing)}. {WhereToGetThem}.",
                Path.Combine(directory, missing[0].Split(' ')[0]));
        }

        return new MnistDataset(LoadSplit(paths[0], paths[1]), LoadSplit(paths[2], paths[3]));
    }

    /// <summary>Loads one split from an images file and a labels file (IDX, gzipped or not).</summary>
    /// <param name="imagesPath">The images: an unsigned-byte IDX array of N × 28 × 28.</param>
    /// <param name="labelsPath">The labels: an unsigned-byte IDX array of N digits in 0..9.</param>
    /// <returns>The split, pixels scaled to [0, 1].</returns>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not valid IDX, or the two do not form an MNIST split.</exception>
    public static MnistSplit LoadSplit(string imagesPath, string labelsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        ArgumentException.ThrowIfNullOrEmpty(labelsPath);
        IdxArray images = Idx.ReadUnsignedBytes(imagesPath);
        IdxArray labels = Idx.ReadUnsignedBytes(labelsPath);

        if (images.Rank != 3 || images.Shape[1] != ImageSide || images.Shape[2] != ImageSide)
        {
            throw new InvalidDataException(
                $"'{imagesPath}' does not hold MNIST images: expected shape [N, 28, 28], found [{string.Join(", ", images.Shape)}].");
        }

        if (labels.Rank != 1)
        {
            throw new InvalidDataException(
                $"'{labelsPath}' does not hold MNIST labels: expected shape [N], found [{string.Join(", ", labels.Shape)}].");
        }

        if (images.Shape[0] != labels.Shape[0])
        {
            throw new InvalidDataException(
                $"'{imagesPath}' holds {images.Shape[0]} images but '{labelsPath}' holds {labels.Shape[0]} labels; "
                + "an MNIST split needs one label per image (are the two files from the same split?).");
        }

        int[] digits = new int[labels.Data.Length];
        for (int i = 0; i < digits.Length; i++)
        {
            digits[i] = labels.Data[i];
            if (digits[i] >= Classes)
            {
                throw new InvalidDataException(
                    $"'{labelsPath}' does not hold MNIST labels: label {i} is {digits[i]}, expected a digit 0..9.");
            }
        }

        byte[] bytes = images.Data;
        double[] pixels = new double[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            pixels[i] = bytes[i] / 255.0;
        }

        return new MnistSplit(pixels, digits);
    }
}
