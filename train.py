"""Rebuild the IOP FAQ index from the source articles: `python train.py [--help]`."""

from bot.cli import train_command

if __name__ == "__main__":
    train_command(prog_name="train.py")
