// chapters.cpp: the ten chapters' titles and text (chapters.h).
#include "core/lecture/chapters.h"

namespace descent::lecture {

const std::vector<Chapter>& lecture_chapters() {
  static const std::vector<Chapter> chapters = {
      {1, "Images are arrays of numbers",
       "A computer does not see a boot or a cat: it sees a grid of brightness values, one number per pixel and "
       "colour channel. A Fashion-MNIST image is 28 × 28 numbers from 0 (black) to 255 (white); a CIFAR-10 "
       "image has three colour channels, 32 × 32 × 3 of them. Every classifier in Descent receives exactly "
       "these numbers, flattened into one vector x.",
       {"pixels"}},
      {2, "Nearest neighbour, L1 and L2",
       "The simplest classifier memorises the training set and labels a new image like the training image "
       "closest to it. Closest needs a distance: L1 sums the absolute differences pixel by pixel, L2 is the "
       "square root of the summed squared differences. Training costs nothing, but classifying compares the "
       "image with every training image, so its time grows with the training set: measured below.",
       {"l1-distance", "knn-time"}},
      {3, "k, the distance and cross-validation",
       "Letting the k nearest neighbours vote smooths over single odd or mislabelled training images. k and "
       "the distance are hyper-parameters: nothing learns them, they are chosen by how well they generalise. "
       "Choosing them on the test set would make its score an optimistic guess, so the training set is cut "
       "into folds, each in turn held out for validation while the others are memorised. The test set is "
       "used once, at the end, for the chosen setting.",
       {"cross-validation"}},
      {4, "The linear classifier f(x) = Wx + b",
       "A linear classifier keeps no training images: it keeps one row of weights per class, and the score of "
       "class c is row c of W times the image, plus the bias b_c. Training finds W and b; classifying costs one "
       "matrix-vector product however large the training set was. Reshaped to the image, each row is a "
       "template of what raises its class's score.",
       {"linear-4-pixel"}},
      {5, "Softmax and the multiclass SVM loss",
       "A loss turns the scores into one number that says how bad W is on an example. Softmax exponentiates "
       "the scores and normalises them into probabilities; the cross-entropy loss is minus the natural "
       "logarithm (ln, base e) of the true class's probability. The multiclass SVM loss wants the true class "
       "to beat every other class by a margin of 1 and adds up the shortfalls.",
       {"softmax", "svm"}},
      {6, "Regularisation",
       "Many weight matrices give the same scores on the training data. A penalty R(W), added to the loss "
       "with a strength (the app's lambda), chooses among them: L2, the sum of squares, prefers small weights "
       "spread over all inputs; L1, the sum of absolute values, is indifferent to where the weight sits and "
       "favours sparse weights; elastic net mixes the two with a weight β on the squares.",
       {"regularization"}},
      {7, "Numerical and analytic gradients",
       "The gradient says how the loss changes when each weight is nudged, and its definition is a recipe: "
       "nudge a weight by a small h and divide the change of the loss by h. That costs two loss evaluations "
       "per weight and is only approximate, so training uses the analytic gradient of backpropagation, and "
       "the numerical one checks it: the gradient check.",
       {"finite-difference", "torch-linear"}},
      {8, "Gradient descent and mini-batch SGD",
       "Gradient descent steps against the gradient: W ← W − learning rate × ∂L/∂W. The gradient over the "
       "whole training set costs a pass over all of it for a single step; a mini-batch of a few dozen "
       "examples gives a noisy but cheap estimate, and many more steps for the same arithmetic. Below, one "
       "model trained both ways for the same number of passes over the data.",
       {"batch-vs-minibatch"}},
      {9, "Momentum",
       "Plain gradient descent zig-zags across narrow valleys and crawls along them. Momentum keeps a "
       "velocity, a running sum of past gradients: directions that persist build up speed, directions that "
       "flip sign cancel out. The lecture and torch write the update differently; with a constant learning "
       "rate they take the same steps, and α = 0 is plain gradient descent.",
       {"momentum-forms"}},
      {10, "Feed-forward networks as composed functions",
       "A network is a chain of simple functions: linear layers with weights, and non-linearities between "
       "them. As functions, a1 = F(x, W1), a2 = G(a1), ..., o = K(a4, W5). In Torch7 each is a module in an "
       "nn.Sequential; forward computes them in order, the criterion scores the output, and backward applies "
       "the chain rule in reverse, leaving each nn.Linear's gradient in its gradWeight.",
       {"layers"}},
  };
  return chapters;
}

const Chapter* lecture_chapter(int n) {
  for (const Chapter& c : lecture_chapters())
    if (c.number == n) return &c;
  return nullptr;
}

}  // namespace descent::lecture
