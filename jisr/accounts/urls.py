from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from jisr.accounts import forms, views, views_admin, views_audit

app_name = "accounts"

password_reset_urls = [
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="registration/password_reset_form.html",
            form_class=forms.PasswordResetRequestForm,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_reset_confirm.html",
            form_class=forms.NewPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("profile/", views.profile, name="profile"),
    path("profile/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("profile/two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
    path("password-change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password-change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    *password_reset_urls,
    path("roles/", views_admin.roles, name="roles"),
    path("roles/<slug:slug>/", views_admin.role_edit, name="role_edit"),
    path("users/", views_admin.users, name="users"),
    path("users/new/", views_admin.user_create, name="user_create"),
    path("users/<int:user_id>/", views_admin.user_detail, name="user_detail"),
    path("users/<int:user_id>/deactivate/", views_admin.user_deactivate, name="user_deactivate"),
    path(
        "users/<int:user_id>/memberships/<int:membership_id>/end/",
        views_admin.membership_end,
        name="membership_end",
    ),
    path("audit/", views_audit.audit_log, name="audit_log"),
    path("audit/export.csv", views_audit.audit_log_export, name="audit_log_export"),
]
