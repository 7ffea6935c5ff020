from django import forms


class SignupForm(forms.Form):
    """Extra sign-up fields (PDPA consent); allauth adds e-mail and passwords."""

    def signup(self, request, user):
        pass
