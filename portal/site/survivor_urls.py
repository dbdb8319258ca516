from django.urls import path

from portal.accounts import duress_views
from portal.accounts import survivor_views as views
from portal.checkins import duress_word
from portal.checkins import views as checkin_views
from portal.feedback import views as feedback_views
from portal.plans import views as plan_views
from portal.sharing import my_referrals
from portal.sharing import survivor_views as sharing_views

# The survivor's own area under the language prefix: /<lang>/my/... Its menu is templates/site/my_base.html.
app_name = "my"
urlpatterns = [
    path("", plan_views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("sign-in/new-code/", views.sign_in_new_code, name="sign_in_new_code"),
    path("sign-in/pin/", views.sign_in_pin, name="sign_in_pin"),
    path("sign-out/", views.sign_out_view, name="sign_out"),
    path("stay-signed-in/", views.stay_signed_in, name="stay_signed_in"),
    path("sign-out-everywhere/", views.sign_out_everywhere_view, name="sign_out_everywhere"),
    path("settings/", views.safe_contact_settings, name="settings"),
    path("settings/second-pin/", duress_views.second_pin, name="second_pin"),
    path("settings/second-pin/about/", duress_views.second_pin_about, name="second_pin_about"),
    path("plan/", plan_views.plan, name="plan"),
    path("steps/<int:pk>/done/", plan_views.step_done, name="step_done"),
    path("steps/<int:pk>/not-done/", plan_views.step_not_done, name="step_not_done"),
    path("goals/new/", plan_views.propose_goal, name="propose_goal"),
    path("ask/", plan_views.ask_advocate, name="ask"),
    path("delete/", plan_views.ask_for_deletion, name="delete"),
    path("check-ins/", checkin_views.my_check_ins, name="check_ins"),
    path("check-ins/word/", duress_word.duress_word, name="check_in_word"),
    path("sharing/", sharing_views.sharing, name="sharing"),
    path("sharing/new/", sharing_views.grant, name="sharing_new"),
    path("sharing/<int:pk>/renew/", sharing_views.renew, name="sharing_renew"),
    path("sharing/<int:pk>/stop/", sharing_views.revoke, name="sharing_revoke"),
    path("activity/", sharing_views.activity, name="activity"),
    path("referrals/", my_referrals.referrals, name="referrals"),
    path("referrals/<int:pk>/agree/", my_referrals.agree, name="referral_agree"),
    path("referrals/<int:pk>/stop/", my_referrals.stop, name="referral_stop"),
    path("referrals/texts/", my_referrals.news_texts, name="referral_texts"),
    path("feedback/", feedback_views.feedback_home, name="feedback"),
    path("feedback/<int:referral_pk>/", feedback_views.rate, name="feedback_rate"),
]
