"""Project-level pages: the home page shows what the user's roles allow (spec 01, manual §2.7)."""

from django.shortcuts import render


def home(request):
    return render(request, "home.html")
