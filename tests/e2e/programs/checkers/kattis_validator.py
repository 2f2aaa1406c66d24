"""An output validator speaking the Kattis protocol: `validator input answer feedback_dir [flags] < output`,
exit 42 accepts, 43 rejects, feedback_dir/judgemessage.txt explains, feedback_dir/score.txt scores."""

import os
import sys

input_path, answer_path, feedback_dir, *flags = sys.argv[1:]
with open(input_path) as file:
    label = file.read().split()[0]
with open(answer_path) as file:
    expected = file.read().split()
got = sys.stdin.read().split()


def feedback(name: str, text: str) -> None:
    with open(os.path.join(feedback_dir, name), "w") as file:
        file.write(text)


prefix = f"[{' '.join(flags)}] test {label}"
if got == expected:
    feedback("judgemessage.txt", f"{prefix}: correct")
    sys.exit(42)
if got == ["partial"]:
    feedback("judgemessage.txt", f"{prefix}: a quarter right")
    feedback("score.txt", "0.25\n")
    sys.exit(42)
feedback("judgemessage.txt", f"{prefix}: expected {' '.join(expected)}, got {' '.join(got)}")
sys.exit(43)
