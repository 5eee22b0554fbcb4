"""Jisr: the digital platform of Morocco's network of social centers."""
